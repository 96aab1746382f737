# session: status-bar notices, job names and the messages of the open vault's session
# (gui::session and gui::actions).

## The session (gui::session::mod)

# The window's name for the demo vault (instead of its folder's name), in the toolbar.
session-demo-vault = Demo vault
# Status bar, when typed text could not be written to the vault's draft files; $error is the system's reason (English).
notice-draft-write-failed = What you typed could not be kept on disk ({ $error }); it is still here — save it into the vault.
# After unlock, when the kept drafts could not be read; $error is the library's reason (English).
notice-drafts-unreadable = Drafts kept from before could not be read ({ $error }); they are left as they are.
# After unlock: files in the vault's drafts folder that this vault did not write. $files is a list of draft-refused-file joined by draft-refused-separator.
notice-drafts-refused = { $count ->
    [one] 1 draft file was not written by this vault and was not opened; it is left as it is: { $files }
   *[other] { $count } draft files were not written by this vault and were not opened; they are left as they are: { $files }
}
# One refused draft file: its path and why it was refused (the library's reason, English).
draft-refused-file = { $path } ({ $reason })
# Between two refused draft files in notice-drafts-refused (keep the spaces).
draft-refused-separator = {"; "}
# The parts of notice-drafts-restored, joined with draft-restored-and.
draft-restored-note-untitled = the note you were writing
# $title is the note's title as the user typed it.
draft-restored-note = the note “{ $title }”
draft-restored-incident-untitled = the incident you were writing
# $title is the incident's title as the user typed it.
draft-restored-incident = the incident “{ $title }”
draft-restored-edit = your unsaved changes to an item (shown in its panel)
# Between two parts of notice-drafts-restored (keep the spaces).
draft-restored-and = {" and "}
# After unlock; $what lists what was opened again (draft-restored-… joined by draft-restored-and).
notice-drafts-restored = Kept while the vault was locked and opened again: { $what }. Nothing was saved into the vault yet.
# In the detail panel; $error is the library's reason (English).
session-item-read-failed = Could not read this item: { $error }

## The item's edit form (gui::session::drafts)

# The example date stays in Latin digits: the field takes them.
edit-event-date-invalid = The event date must be written as YYYY-MM-DD, for example 2017-03-22.

## The Incidents view's reads (gui::session::incidents)

session-incidents-read-failed = Could not read the incidents: { $error }
session-incident-read-failed = Could not read this incident: { $error }

## The search (gui::session::query)

session-search-failed = The search failed: { $error }
session-rows-read-failed = Could not read items from the catalog: { $error }

## What is running (gui::session::jobs): shown in the status bar ("Adding evidence: starting…", "Adding evidence… 40 %") and in sentences ("Adding evidence was stopped; …", "Adding evidence is still running …")

job-intake = Adding evidence
job-verify = Verifying the vault
job-export = Exporting a bundle
job-check-bundle = Checking a bundle
job-import = Importing a bundle
job-save-note = Saving the note
job-save-edits = Saving changes
job-extract = Saving a copy of the original
job-change-passphrase = Changing the passphrase
job-backup = Backing up
job-check-backup = Checking the backup
job-derive = Making previews
job-bulk-edit = Changing the selected items
job-save-incident = Saving the incident

## Clicks on the results (gui::actions::selection)

notice-open-other-unsaved = Save or discard the changes to this item first, then open the other one.

## Previews made in the background (gui::actions::previews)

notice-previews-failed = { $count ->
    [one] 1 preview could not be made (the item itself is safe; see the item).
   *[other] { $count } previews could not be made (the items themselves are safe; see each item).
}
notice-previews-error = Previews could not be made: { $error }. The items are safe; they are tried again next time.

## Notes (gui::actions::notes)

notice-note-not-saved = The note was not saved: { $error }. Your text is still here; try again.
notice-note-saved = Note saved in the vault.

## The open item and the selection (gui::actions::edits)

notice-edits-not-saved = The changes were not saved: { $error }. Your edits are still in the form; try again.
notice-edits-saved = Changes saved and recorded in the custody log.
notice-copy-not-saved = The copy was not saved: { $error }
# $path is where the copy was written.
notice-copy-saved = Saved a copy of the original to { $path } (recorded in the custody log).
notice-bulk-not-changed = The selected items were not changed: { $error }. Nothing was changed; try again.
# After "Edit selection…": how many items changed (0: none needed a change).
notice-bulk-done = { $count ->
    [0] Nothing to change: the selected items already had that case and those tags.
    [one] 1 item changed (its custody log records the change).
   *[other] { $count } items changed (each custody log records its change).
}

## Adding evidence (gui::actions::intake)

# The start of notice-intake-done / notice-intake-failures.
notice-intake-added = { $count ->
    [one] Added { $count } item
   *[other] Added { $count } items
}
# The same, when the user stopped the intake.
notice-intake-added-cancelled = { $count ->
    [one] Added { $count } item before you cancelled
   *[other] Added { $count } items before you cancelled
}
# $added is notice-intake-added or notice-intake-added-cancelled.
notice-intake-done = { $added }.
# $added as above; $count is how many files could not be added.
notice-intake-failures = { $added }; { $count } could not be added (see the report).
notice-stopping = Stopping after the current file…

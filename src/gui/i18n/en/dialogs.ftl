# dialogs

## Dialog windows (dialogs/mod.rs): the title at the top of each dialog, and the shared button

dialog-title-add-evidence = Add evidence
dialog-title-intake-report = Intake finished
dialog-title-note = New note or testimony
dialog-title-verify = Verify vault
dialog-title-export = Export a bundle
dialog-title-import = Import a bundle
dialog-title-public-key = My public key
dialog-title-settings = Settings
dialog-title-backup = Back up the vault
dialog-title-bulk-edit = Case and tags of the selected items
dialog-title-edit-incident = Edit incident
dialog-title-new-incident = New incident
dialog-title-link-incident = Link to incident
dialog-title-help = Help: keyboard and mouse
# Asked when quitting with typed work or running jobs; "Evidence Vault" is the program's name
dialog-title-confirm-quit = Quit Evidence Vault?
dialog-title-confirm-discard = Unsaved changes
# The button at the bottom of most dialogs
dialog-close = Close
# Hover text of the Close button: the key that does the same
dialog-close-hint = Escape

## Add evidence (dialogs/add_evidence.rs)

add-waiting-for-picker = Waiting for the file dialog… (if none appears, type the path below)
add-nothing-chosen = Nothing chosen yet. Choose files or a folder, drop them on the window, or type a path.
# Above the list of chosen paths; $count is how many
add-chosen = { $count ->
    [one] { $count } file or folder chosen (folders are added with everything inside):
   *[other] { $count } files or folders chosen (folders are added with everything inside):
}
add-remove = Remove
add-remove-hint = Take it off this list
# Next to a chosen path that no longer exists
add-not-found = not found
add-choose-files = Choose files…
add-choose-folder = Choose a folder…
add-type-path = Or type a path:
add-this-path = Add this path
add-case = Case for these files
add-case-hint = e.g. TABQA-2017-03
# A drop-down of the vault's cases; "choose…" is shown in it before one is chosen
add-existing-cases = Existing cases
add-existing-cases-choose = choose…
add-tags = Tags for these files (separated by commas)
# Example tags shown in the empty field
add-tags-hint = photo, bakery
add-originals-untouched = The originals are not changed or moved. Each file is hashed and encrypted into the vault as it is read.
add-start = Add to vault
add-cancel = Cancel

## Intake report (dialogs/intake_report.rs)

report-none = No intake has run yet.
# $error is the program's own reason (in English)
report-stopped = The intake stopped: { $error }
# $count: items taken in; $size: how much was read, e.g. "1.2 MB"
report-added = { $count ->
    [one] { $count } item added ({ $size } read).
   *[other] { $count } items added ({ $size } read).
}
# Follows report-added; $count: files whose exact bytes were already in the vault
report-duplicates = { $count ->
    [one] { $count } was already in the vault (recorded as acquired again, not stored twice).
   *[other] { $count } were already in the vault (recorded as acquired again, not stored twice).
}
report-cancelled = You cancelled the intake. Files not reached were not added; add them again to continue (files already in are recognised).
# Above the table of files that failed
report-failed = { $count ->
    [one] { $count } file could not be added:
   *[other] { $count } files could not be added:
}
# Column headers of that table
report-column-file = File
report-column-problem = Problem
# Above the list of files taken in with a remark of the program (e.g. an unreadable date)
report-remarks = { $count ->
    [one] { $count } file went in with a remark:
   *[other] { $count } files went in with a remark:
}
# One line of that list: $path is the file, $remark the program's remark (in English)
report-remark-line = { $path } — { $remark }

## Note editor (dialogs/note_editor.rs)

note-title = Note title
note-title-hint = e.g. Witness W-03: bakery strike
note-text = Note text
note-text-hint = What was seen, heard or said, in the witness's words where possible.
note-case = Note case
note-case-hint = e.g. TABQA-2017-03
note-tags = Note tags
note-tags-hint = e.g. testimony, bakery
# The place where what the note tells of happened
note-place = Note place
note-place-hint = e.g. al-Tabaqa
# The date of what the note tells of (not the date it is written)
note-event-date = Note event date
note-bad-date = Write the event date as YYYY-MM-DD, e.g. 2017-03-22.
note-save = Save note
# Hover text of the Close button; Escape is the key
note-close-hint = Escape. The draft is kept until you save, discard or lock.
note-discard = Discard draft
note-saving = Saving…
note-needs-title = A note needs a title.

## Case and tags of the selected items (dialogs/bulk_edit.rs)

bulk-selected = { $count ->
    [one] { $count } item selected. Each item's custody log records its change, with the old and new values.
   *[other] { $count } items selected. Each item's custody log records its change, with the old and new values.
}
bulk-set-case = Set the case of every selected item
bulk-case = Case for all
bulk-case-hint = e.g. TABQA-2017-03 (empty: no case)
bulk-add-tags = Add tags (separated by commas)
# Example tags shown in the empty field
bulk-add-tags-hint = airstrike, school
bulk-remove-tags = Remove tags (separated by commas)
bulk-apply = Apply to selected

## Verify vault (dialogs/verify.rs)

# Before the progress figures: "Verifying: 3 of 10 items"
verify-progress = Verifying
verify-can-close = You can close this window; verification continues in the status bar.
verify-cancel = Cancel verification
# $error is the program's own reason (in English)
verify-could-not-run = Verification could not run: { $error }
# $count: items checked; $size: how much was read, e.g. "1.2 GB"
verify-summary = { $count ->
    [one] { $count } item checked ({ $size }).
   *[other] { $count } items checked ({ $size }).
}
# $summary is verify-summary
verify-clean = { $summary } Every object matches its SHA-256 and every custody log verifies.
verify-cancelled = { $summary } You cancelled before the end; what was checked is listed below.
verify-problems = { $summary } PROBLEMS FOUND:
# One problem found; $problem is the program's description (in English)
verify-problem = • { $problem }
# An encrypted object file with no item in the catalog; $id is its ID, $reason the program's reason (in English)
verify-unreferenced-reason = • Object { $id } is in the vault folder but not in the catalog ({ $reason })
verify-unreferenced = • Object { $id } is in the vault folder but not in the catalog (an interrupted intake?)
# $id is the object's ID, $sha256 its SHA-256
verify-readopted = • Re-adopted object { $id } ({ $sha256 })
verify-partial-file = • Leftover partial file (encrypted, safe to delete by hand): { $path }
verify-advice-problems = Do not delete or change anything. Copy the whole vault folder to a safe place and ask for help: the report names every item concerned.
# Quotes the label verify-repair
verify-advice-unreferenced = Run verification again with “Take unreferenced objects back in” to re-adopt them.
verify-record = Record the result in each item's custody log
verify-repair = Take unreferenced objects back in (re-adopt)
verify-reads-everything = Every object is decrypted and hashed; this reads the whole vault and can take a while for large vaults.
verify-again = Verify again
verify-start = Start verification

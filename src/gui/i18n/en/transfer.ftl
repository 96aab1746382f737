### Transfer: exporting and importing bundles, backups.

## Export dialog (gui::dialogs::export)

export-problem-no-selection = Select an item first (Ctrl+click marks several).
export-problem-no-case = Choose the case to export.
# $key: the start (up to 40 characters) of a pasted line that is not a key
export-problem-not-a-key = “{ $key }” is not a public key (it should start with age1… or ssh-ed25519).
export-problem-no-recipient = Choose a saved contact or paste at least one public key.
# $error: why the passphrase checker refuses the bundle passphrase
export-problem-passphrase = Bundle passphrase: { $error }
export-problem-no-file = Choose where to save the bundle.
export-problem-relative-path = Type the full path of the bundle file (starting with /), or use “Choose where to save…”.
export-unavailable = Export is not available in this build yet: the bundle format is still being finished. Your vault is unchanged.
# Beside the progress bar while the bundle is written
export-progress = Exporting
export-cancel = Cancel export
# $items: how many items, already worded ("13 items"); $size: the size ("1.2 MB"); the path follows on its own line
export-done = Exported { $items } ({ $size }) to:
export-sha256-heading = SHA-256 of the bundle file
export-copy-sha256 = Copy bundle SHA-256
export-sha256-advice = Send this hash to the recipient by another channel (phone, in person). If theirs differs, the bundle was changed on the way.
# $error: the library's error text. Also a notice when the dialog is gone.
export-failed = The export failed: { $error }
export-what-heading = What to export
# Choice; $count: how many items are selected
export-scope-selection = { $count ->
    [one] The selected item ({ $count })
   *[other] The selected items ({ $count })
}
export-scope-case = A whole case
# The case drop-down when no case is chosen yet
export-case-none = choose…
export-case-label = Case to export
# Choice; $items: how many items the vault holds, already worded ("13 items")
export-scope-all = Everything in the vault ({ $items })
export-who-heading = Who can open it
export-to-keys = People with these public keys (recommended)
export-to-passphrase = Anyone who knows a passphrase (when the recipient has no key)
export-passphrase = Bundle passphrase
export-passphrase-repeat = Repeat the bundle passphrase
export-passphrase-advice = Tell the recipient this passphrase by another channel than the bundle.
# A saved contact to tick: $name, then the first 16 characters of their public key
export-contact = { $name } ({ $key }…)
# Small button beside a contact; $name: the contact's name
export-contact-remove = Remove contact { $name }
export-paste-keys = Paste public keys (one per line: age1… or ssh-ed25519 …)
export-save-contact-label = Save the first key as contact named
# Hint in the empty contact name field
export-save-contact-hint = name
export-save-contact = Save contact
export-where-heading = Where to save it
export-choose-file = Choose where to save…
export-file = Bundle file
# The button that starts the export
export-start = Export

## Export and contacts, as notices (gui::actions::bundles)

# When the export dialog was closed before the export ended. $items: "13 items"; $path: the bundle file; $sha256: its hash
export-notice-done = Exported { $items } to { $path } (SHA-256 { $sha256 }).
# $name: the contact's name
export-contact-saved = Saved { $name } as a contact.

## Import dialog (gui::dialogs::import)

import-unavailable = Import is not available in this build yet: the bundle format is still being finished. Your vault is unchanged.
# $count: the bundle's items, all of them already in this vault
import-nothing-new = { $count ->
    [one] Nothing to import: all { $count } item of this bundle and their custody are already in this vault. Nothing was changed or recorded.
   *[other] Nothing to import: all { $count } items of this bundle and their custody are already in this vault. Nothing was changed or recorded.
}
import-not-committed = Nothing was imported: the bundle did not verify while it was read. The report names every problem.
# $count: items added; $present: items that were already in this vault
import-done = { $count ->
    [one] Imported: { $count } new item, { $present } already in this vault. Each has an “imported” event in its custody log.
   *[other] Imported: { $count } new items, { $present } already in this vault. Each has an “imported” event in its custody log.
}
# $error: why (library text). Also a notice when the dialog is gone.
import-failed = Nothing was imported: { $error }
import-choose = Choose bundle…
import-file = Bundle file
import-passphrase = Bundle passphrase (only if the sender used one)
import-passphrase-advice = Bundles sent to this vault's public key open without a passphrase.
import-check = Check bundle
# Beside the progress bar while the bundle is checked
import-progress-check = Decrypting and verifying
# Beside the progress bar while the bundle is imported
import-progress = Importing
import-report-stale = The report below is for another file; check this one first.
# $error: why (library text)
import-check-failed = The bundle could not be checked: { $error }
# The button that imports the checked bundle
import-start = Import
import-start-disabled = Check the bundle first; only a bundle that verifies can be imported
import-close = Close

## The bundle's verification report (gui::dialogs::import)

# $items: how many items, already worded ("13 items")
import-verifies = The bundle verifies: { $items }, every hash, custody log and the signature check out.
import-does-not-verify = THE BUNDLE DOES NOT VERIFY. It cannot be imported.
# $key: the signing key's fingerprint (SHA256:…)
import-signed-by = Signed by key { $key }
import-sha256-heading = SHA-256 of the bundle file
import-sha256-advice = Compare it with the one the sender was shown at export (by phone, in person): equal means this is the very file they made.
# Column headers of the per-item table
import-column-result = Result
import-column-name = Name
import-column-size = Size
import-column-sha256 = SHA-256
import-column-details = Details
# The Result column
import-row-verified = verified
import-row-failed = FAILED
# Hover text on an item's details; $id: the item's ID
import-row-item = item { $id }

## Import, as notices when the dialog is gone (gui::actions::bundles)

import-notice-nothing-new = Nothing to import: everything in the bundle was already in this vault.
# $count: items added; $present: items that were already in this vault
import-notice-done = { $count ->
    [one] Imported: { $count } new item, { $present } already in this vault.
   *[other] Imported: { $count } new items, { $present } already in this vault.
}
import-notice-not-verified = Nothing was imported: the bundle did not verify while it was read.

## What the bundle check found (gui::bundle_library)

bundle-need-passphrase = This bundle is protected by a passphrase. Type it in the passphrase field and check again.
bundle-no-matching-key = This vault cannot open the bundle: it was encrypted to someone else's key (or with a different passphrase). Ask the sender to export it to this vault's public key.
bundle-bad-signature = The signature over the bundle's manifest does not verify: its contents cannot be trusted.
# An item's Details when nothing is wrong
bundle-item-verified = SHA-256 and custody log verified
# Between an item's problems in its Details
bundle-problem-separator = {"; "}
bundle-item-ok = ok
# $expected: the hash the manifest lists; $found: the hash of the content
bundle-hash-mismatch = SHA-256 mismatch: listed { $expected }, content { $found }
bundle-item-missing = listed but missing from the bundle
bundle-item-unlisted = in the bundle but not listed
# $problems: what is wrong with the item's custody log (library text)
bundle-bad-chain = custody log: { $problems }
bundle-item-bad-signature = not covered by a valid signature
# $expected, $found: sizes in bytes
bundle-size-mismatch = size mismatch: listed { $expected } bytes, found { $found }

## Backup dialog (gui::dialogs::backup)

backup-intro = A backup is a copy of the whole vault, still encrypted: it opens with the same passphrase. Only what the backup lacks is copied, every copied file is checked, and nothing in it is ever deleted or overwritten.
backup-target = Back up to
# Hint in the empty target field: a folder or an rclone remote
backup-target-hint = /media/…/vault-backup   or   rclone:REMOTE:PATH
backup-choose-folder = Choose folder…
backup-remote-advice = A remote (SFTP, S3, WebDAV…) needs the rclone program and a remote set up with “rclone config”.
backup-running-advice = You can close this window; the backup goes on and the status bar shows it.
backup-cancel = Cancel backup
backup-start = Start backup
backup-check = Check this backup
backup-check-hover = Compare every file of the backup with the vault; writes nothing into it
# $time: when it finished (local time); $ago: "3 days ago"; $target: the folder or rclone remote
backup-last = Last complete backup: { $time } ({ $ago }), to { $target }
backup-never = This vault has no complete backup yet.
# Before a number field (days); "days" follows it
backup-reminder = Remind me when the last backup is older than
# After the number field; $count: the number of days in it
backup-reminder-days = { $count ->
   *[other] days
}
# $error: why (library text). Also a notice.
backup-failed = The backup did not finish: { $error }
# $copied: files copied; $size: their size; $present: files that were there already; $time: how long it took; $change: the vault's change number
backup-summary = { $copied } files copied ({ $size }), { $present } already there, in { $time }. The backup holds the vault as of change { $change }.
# $target: the folder or remote; $summary: backup-summary
backup-complete = Backup complete to { $target }: { $summary }
# $target: the folder or remote; $summary: backup-summary
backup-incomplete = The backup to { $target } is NOT complete: these files in it differ from the vault and were left as they are. Do not delete them; back up to another drive, and keep this one for whoever examines it. { $summary }
# Heading of a list of files; $count: how many
backup-list-altered = { $count } altered:
# $path: the file the previous catalog was saved as
backup-base-kept = The backup's previous catalog was kept as { $path } (the vault was compacted).
# $error: why (library text). Also a notice.
backup-check-failed = The backup could not be checked: { $error }
# $count: files checked; $size: their size; $method: how contents were compared (sha256, probe, download…); $time: how long it took
backup-check-summary = { $count } files checked ({ $size }, compared by { $method }) in { $time }.
# $target: the folder or remote; $summary: backup-check-summary
backup-check-ok = The backup at { $target } holds every file of the vault, unchanged. { $summary }
# $target: the folder or remote; $summary: backup-check-summary
backup-check-bad = The backup at { $target } is not up to date or not intact. { $summary }
# Headings of lists of files; $count: how many
backup-check-altered = { $count } altered (damaged: keep it as it is, back up to another drive):
backup-check-missing = { $count } missing (not backed up yet: back up now):
backup-check-outdated = { $count } outdated (the next backup brings them up to date):
# After the first 20 files of a list; $count: how many more
backup-list-more = … and { $count } more

## Backup, as notices (gui::actions::backup)

# "1 file", "12 files": used in the notices below
backup-files = { $count ->
    [one] { $count } file
   *[other] { $count } files
}
# $copied, $present: backup-files; $size: the size copied
backup-notice-complete = Backup complete: { $copied } copied ({ $size }), { $present } already there.
# $count: the altered files. "Back up" is the button that opens the backup dialog.
backup-notice-incomplete = { $count ->
    [one] The backup is NOT complete: { $count } file in it differ from the vault (see Back up).
   *[other] The backup is NOT complete: { $count } files in it differ from the vault (see Back up).
}
# $files: backup-files
backup-notice-checked = The backup holds every file of the vault ({ $files } checked).
backup-notice-check-bad = The backup is not complete or not intact (see Back up).
backup-need-target = Choose a folder for the backup (on an external drive), or type rclone:REMOTE:PATH.
# $target: what the user typed
backup-relative-path = Type the full path of the backup folder (starting with /), not “{ $target }”.

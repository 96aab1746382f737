# items

## The detail panel of the selected item (detail_panel.rs)

detail-none-selected = Select an item to see its details, its SHA-256 and its custody log.
detail-reading = Reading…
# Collapsible heading; $count is how many near-duplicates were found
detail-similar-heading = Similar items ({ $count })
detail-description-heading = Documenter's description
detail-recorded-heading = What the file and camera recorded
detail-custody-heading = Custody log
detail-incidents-label = Incidents:
# After "Incidents:" when the item is linked to none
detail-incidents-none = none
# A button per linked incident: $title is the incident's title, $role its role (incident-role-…)
detail-incident-chip = { $title } ({ $role })
detail-incident-open-hover = Open this incident
detail-link-incident = Link to incident…
detail-link-incident-hover = Link this item to an incident, or start one from it
detail-similar-explained = Copies of this picture found in the vault, re-encoded, resized or cropped (by their perceptual hash). Compare them before treating them as the same evidence.
# How close a near-duplicate is: the very same picture…
detail-similar-same = same picture
# …or how many bits of the perceptual hashes differ
detail-similar-distance = distance { $distance }
# Button opening a near-duplicate; $id is the start of its item ID
detail-similar-show = Show { $id }
detail-similar-open-hover = Open this item
# Accessible name of the stored thumbnail; $title is the item's title or file name
detail-thumbnail-alt = Preview: { $title }
detail-thumbnail-failed = The preview cannot be shown.
detail-derived-pending = Its preview is being made (the item itself is secured).
detail-derived-needs-ffmpeg = Previews of videos need ffmpeg: install it (sudo apt install ffmpeg) and open the vault again. The item itself is complete.
detail-derived-needs-heif = Previews of HEIC photos need libheif: install it (sudo apt install libheif-examples) and open the vault again. The item itself is complete.
# $error says why (English for now)
detail-derived-failed = No preview could be made: { $error }. The item itself is secured as it came.
# Accessible name of the photo; $title is the item's title or file name
detail-photo-alt = Photo: { $title }
detail-photo-hover = Click for a large view (Enter)
detail-photo-decrypting = Decrypting the photo…
detail-photo-failed = The photo cannot be shown in full: { $error }
detail-note-read-large = Read in a large window
# $mime is the file's type, e.g. application/pdf
detail-no-preview = No preview for this kind of file ({ $mime }).
detail-sha-heading = SHA-256 of the original
detail-copy-sha = Copy SHA-256
detail-copy-id = Copy item ID
detail-extract-heading = Save a copy of the original
detail-extract-warning = The copy is NOT encrypted: save it only where it is safe (e.g. to hand it to a court or an archive). The vault checks the copy against its SHA-256 and records it in the custody log; it never overwrites a file.
detail-extract-save-as = Save a copy as…
# Label of a path field next to "Save copy"
detail-extract-path = Or type where:
detail-extract-save = Save copy
# The documenter's fields (labels and the grey hints inside the empty fields)
detail-title = Title
detail-title-hint = What this shows
detail-description = Description
detail-case = Case
detail-case-hint = e.g. TABQA-2017-03
detail-tags = Tags (separated by commas)
detail-tags-hint = airstrike, school
detail-place = Place
detail-place-hint = Where it happened
detail-event-date = Event date (YYYY-MM-DD)
detail-save = Save changes
detail-undo = Undo changes
detail-saving = Saving…
detail-not-saved = Not saved yet
detail-edits-logged = Every change is recorded, with the old and new value, in the custody log.
# What the file and camera recorded: names of the rows
detail-kind = Kind
detail-size = Size
# $size is the rounded size (e.g. 1.2 MB), $count the exact number of bytes
detail-size-value = { $size } ({ $count } bytes)
detail-type = Type
detail-original-name = Original name
detail-taken-from = Taken from
detail-file-modified = File modified
detail-added = Added to vault
detail-captured-camera = Captured (camera clock)
detail-captured = Captured
detail-not-recorded = not recorded
detail-camera = Camera
detail-pixels = Pixels
# Width × height in pixels
detail-pixels-value = { $width } × { $height }
detail-orientation = Orientation
# $value is the EXIF orientation number (1–8), $meaning one of detail-orientation-…
detail-orientation-value = { $value } ({ $meaning })
detail-orientation-upright = upright
detail-orientation-180 = rotated { $degrees }°
detail-orientation-cw = rotated { $degrees }° clockwise for display
detail-orientation-ccw = rotated { $degrees }° counter-clockwise for display
detail-orientation-mirrored = mirrored
detail-intake-note = Intake note
detail-gps = GPS
# $position is the coordinates (gps), $metres the altitude
detail-gps-altitude = { $position }, altitude { $metres } m
detail-copy-coordinates = Copy coordinates

## The custody log of an item or incident (custody_view.rs)

# Shown in green when the log checks; $count is the number of events
custody-verified = { $count ->
    [one] Verified: the event's signature is valid.
   *[other] Verified: all { $count } events link up and every signature is valid.
}
# Shown in red, followed by the list of problems
custody-not-verified = NOT VERIFIED: this custody log has problems:
# "Verify vault" is the name of the menu item (dialog-title-verify)
custody-not-verified-advice = Keep the vault as it is and run Verify vault; do not rely on this history until it is explained.
custody-recorded-here = Recorded in this vault
# $vault is the start of another vault's ID (the item came from there in a bundle)
custody-recorded-elsewhere = Recorded in vault { $vault }… (before it came here)
# The event's number in the log and what happened (custody-action-…)
custody-event-heading = { $number }. { $action }
# $actor is the name of the documenter who recorded the event
custody-by = by { $actor }
# $hash is the start of the event's SHA-256
custody-event-hash = event hash { $hash }…
# What happened, as the title of each event
custody-action-acquired = Acquired
custody-action-reacquired = Acquired again (same bytes)
custody-action-metadata-edited = Metadata edited
custody-action-extracted = Extracted
custody-action-exported = Exported
custody-action-imported = Imported
custody-action-verified = Verified
custody-action-readopted = Re-adopted
custody-action-incident-created = Incident created
custody-action-incident-edited = Incident edited
custody-action-item-linked = Item linked
custody-action-item-unlinked = Item unlinked
custody-action-status-changed = Status changed
# One detail of an event: $field is one of custody-field-… (or the stored name), $value what was recorded
custody-detail = { $field }: { $value }
# An edited field: its old and new values
custody-changed = { $field }: changed from “{ $old }” to “{ $new }”
# A status change: $old and $new are statuses (incident-status-…)
custody-status-change = from { $old } to { $new }
# A value that was left empty
custody-empty = (empty)
# Yes/no values of a detail (e.g. "merged: true")
custody-true = true
custody-false = false
# Between the values of a list (e.g. the recipients of an export)
custody-list-separator = {", "}
# The kind of an item as stored in the log
custody-kind-photo = photo
custody-kind-video = video
custody-kind-audio = audio
custody-kind-text = text
custody-kind-file = file
# The result of a verification as stored in the log
custody-result-ok = ok
custody-result-failed = failed
# The names of the details recorded with events (lower case, as they follow in a sentence)
custody-field-source-path = source path
custody-field-original-name = original name
custody-field-size = size
custody-field-source-modified = source modified
custody-field-mime = mime
custody-field-kind = kind
custody-field-tool = tool
custody-field-note-title = note title
custody-field-written-in-app = written in app
custody-field-title = title
custody-field-description = description
custody-field-case = case
custody-field-tags = tags
custody-field-place = place
custody-field-event-date = event date
custody-field-result = result
custody-field-problems = problems
custody-field-object = object
custody-field-destination = destination
custody-field-bundle-id = bundle id
custody-field-bundle-sha256 = bundle sha256
custody-field-recipients = recipients
custody-field-payload-path = payload path
custody-field-source-vault = source vault
custody-field-signer = signer
custody-field-sender-item-id = sender item id
custody-field-merged = merged
custody-field-sender-events-added = sender events added
custody-field-sender-events-divergent = sender events divergent
custody-field-sender-chain-heads = sender chain heads
custody-field-title-ar = title ar
custody-field-summary = summary
custody-field-summary-ar = summary ar
custody-field-when = when
custody-field-start = start
custody-field-end = end
custody-field-precision = precision
custody-field-types = types
custody-field-sites = sites
custody-field-weapons = weapons
custody-field-casualties = casualties
custody-field-killed = killed
custody-field-injured = injured
custody-field-missing = missing
custody-field-detained = detained
custody-field-total = total
custody-field-children = children
custody-field-women = women
custody-field-perpetrators = perpetrators
custody-field-sources = sources
custody-field-source = source
custody-field-name = name
custody-field-lat = lat
custody-field-lon = lon
custody-field-status = status
custody-field-reason = reason
custody-field-item = item
custody-field-sha256 = sha256
custody-field-role = role

## The large photo preview (preview.rs): why it cannot be shown, after "The photo cannot be shown: "

preview-decoder-lost = the decoder stopped unexpectedly
# $error is the reason (English for now); "Verify vault" is the menu item
preview-decrypt-failed = the stored original could not be decrypted ({ $error }); run Verify vault
preview-too-large = the photo is too large to preview and has no thumbnail

## The large view of an item (dialogs/viewer.rs)

viewer-nothing = Nothing selected.
viewer-photo-failed = The photo cannot be shown: { $error }
# $mime is the file's type, e.g. application/pdf
viewer-no-preview = No preview for this kind of file ({ $mime }).
# Buttons to the previous and next item; the -button forms add $arrow (◀ or ▶, pointing the way
# the button goes), the plain forms are what screen readers say
viewer-previous = Previous
viewer-previous-button = { $arrow } Previous
viewer-next = Next
viewer-next-button = Next { $arrow }
# The keyboard key that does the same as the button (hover text)
viewer-key-left = Left arrow
viewer-key-right = Right arrow
viewer-zoom-hover = Wheel or + and - to zoom, drag to move, 0 or double-click to fit
# Accessible name of the photo; $title is the item's title or file name
viewer-photo-alt = Photo: { $title }
# The zoom, e.g. "250 %"
viewer-zoom = { $percent } %

## Native file dialogs (file_picker.rs): window titles and the file type filter

picker-add-files = Choose files to add to the vault
picker-add-folder = Choose a folder to add to the vault
picker-new-vault = Choose an empty folder for the new vault
picker-open-vault = Choose the vault folder
picker-save-bundle = Save the bundle as
picker-save-original = Save a copy of the original as
picker-open-bundle = Choose a bundle to import
picker-backup-folder = Choose a folder for the backup (on an external drive)
# The file type of .age bundles in the dialog's filter
picker-filter-bundle = Evidence bundle

## Shared widgets (widgets.rs)

widget-copy-hover = Copy to the clipboard
# $what names the work (e.g. "Verifying"), before its progress figures
widget-progress-starting = { $what }: starting…
# $done and $total are numbers of items
widget-progress-items = { $what }: { $done } of { $total } items
# $done and $total are sizes (e.g. 1.2 MB), after the items
widget-progress-bytes = { $done } of { $total }
# $size is a size (e.g. 1.2 MB) per second
widget-progress-rate = { $size }/s
# $duration is the time still needed, e.g. "3 min 20 s"
widget-progress-left = about { $duration } left
# Before the file being worked on now
widget-progress-now = Now:
# Between the two dates of a range: "Captured from [date] to [date]"
widget-date-to = to
widget-date-invalid = Write the date as YYYY-MM-DD, e.g. 2017-03-22; ignored until then
widget-capture-invalid = Write the date as YYYY-MM-DD, e.g. 2017-03-22, or to the minute as 2017-03-22T04:30; ignored until then

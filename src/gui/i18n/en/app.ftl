## Numbers, sizes and durations (gui::format)

count-items = { $count ->
    [one] { $count } item
   *[other] { $count } items
}
size-bytes = { $count ->
    [one] 1 byte
   *[other] { $count } bytes
}
size-kb = { $value } KB
size-mb = { $value } MB
size-gb = { $value } GB
size-tb = { $value } TB
size-pb = { $value } PB
duration-hours = { $hours } h { $minutes } min
duration-minutes = { $minutes } min { $seconds } s
duration-seconds = { $seconds } s
days-ago-today = today
days-ago-yesterday = yesterday
days-ago = { $count } days ago
# Degrees with hemisphere letters: 35.83412° N, 38.54871° E
gps = { $lat }° { $ns }, { $lon }° { $ew }
gps-north = N
gps-south = S
gps-east = E
gps-west = W

## The language choice (start screen and Settings)

language-label = Language:
# The system's language, e.g. "As the system (English)"
language-system = As the system ({ $name })
digits-label = Digits:
digits-native = The language's own

## The main window's toolbar (main_view.rs)

toolbar-evidence = Evidence
toolbar-evidence-hint = The items: photos, videos, notes, files
toolbar-incidents = Incidents
toolbar-incidents-hint = What happened, with its date, place, casualties and review status
toolbar-add-files = Add files…
toolbar-add-folder = Add folder…
toolbar-new-note = New note
toolbar-new-note-hint = Ctrl+N: write a note or testimony
toolbar-verify = Verify vault
toolbar-export = Export…
toolbar-export-hint = Make an encrypted bundle for someone else
toolbar-export-unavailable = Not available in this build yet
toolbar-import = Import…
toolbar-public-key = My public key
toolbar-public-key-hint = Let others export evidence to this vault
toolbar-backup = Back up…
toolbar-backup-hint = Copy the vault, encrypted, to an external drive or a remote
toolbar-settings = Settings
toolbar-lock = Lock
toolbar-lock-hint = Ctrl+L: lock the vault now
# At the toolbar's far end: $name is the vault's name, $items its count ("13 items").
toolbar-vault = { $name } · { $items }
# A badge beside the vault's name when the demo vault is open.
toolbar-demo = DEMO
toolbar-demo-hint = Synthetic sample evidence; deleted when you quit

## The filter bar (main_view.rs)

filters-search = Search
filters-search-hint = words in titles, notes, places, tags, names; or a SHA-256 (Ctrl+F)
filters-clear-search = Clear search
filters-case = Case
filters-all-cases = All cases
# The choice for items that have no case.
filters-no-case = (no case)
filters-tag = Tag
filters-all-tags = All tags
filters-kind = Kind
filters-all-kinds = All kinds
filters-photos = Photos
filters-videos = Videos
filters-sound = Sound
filters-notes = Notes
filters-other-files = Other files
# Followed by two date fields: "Captured from [date] to [date]".
filters-captured-from = Captured from
filters-near-duplicates = Near-duplicates
filters-near-duplicates-hint = Only photos and videos with a near-duplicate in the vault (a re-encoded, resized or cropped copy), each group together
filters-clear = Clear filters
filters-sort-by = Sort by
# The sort direction button shows the direction in use.
filters-descending = Descending
filters-ascending = Ascending
filters-sort-direction-hint = Change the sort direction
# The two views of the items.
filters-grid = Grid
filters-table = Table
# The thumbnail size slider.
filters-thumb-size = Size
filters-thumb-size-hint = Thumbnail size
# What the items can be sorted by.
filters-sort-added = Date added
filters-sort-captured = Date captured
filters-sort-title = Title
filters-sort-name = File name
filters-sort-size = Size
filters-sort-kind = Kind

## The status bar (main_view.rs)

status-cancel = Cancel
status-cancel-hint = Stop after the current file; what is done stays in the vault
status-searching = Searching…
# $shown items of the vault's $total match the search and filters.
status-matching = { $shown } of { $total } items match
# How many items are marked (selected for a bulk action).
status-marked = · { $count } marked
status-bulk-edit = Case and tags…
status-bulk-edit-hint = Set the case or add or remove tags on every marked item
status-link-incident = Link to incident…
status-link-incident-hint = Link every marked item to an incident, or start one from them
status-unmark-all = Unmark all
# Thumbnails being made in the background: $done of $total items.
status-making-previews-count = Making previews: { $done } of { $total }
status-making-previews = Making previews…
status-making-previews-hint = Thumbnails left from an earlier intake; the items themselves are safe
status-cancel-backup = Cancel backup
# $job is "Backing up" or "Checking the backup"; $percent how far it is.
status-backup-running = { $job }… { $percent } %
status-no-backup = No backup of this vault yet
# $when is "today", "yesterday" or "10 days ago".
status-last-backup = Last backup: { $when }
status-backup-now = Back up now

## The central area when no item is shown (main_view.rs)

main-nothing-matches = Nothing matches
main-nothing-matches-hint = Try fewer words, or clear the filters.
main-empty-vault = This vault is empty
main-empty-drag = Drag files or folders onto this window, or:
main-empty-choose = Choose evidence to add…
main-empty-write-note = Write a note

## The thumbnail grid (grid_view.rs)

# An item with neither a title nor a file name.
grid-untitled = (untitled)
grid-loading = Loading…
# On a tile whose thumbnail could not be read.
grid-no-preview = no preview
# An item's kind in one word, on tiles and in the table.
grid-kind-photo = photo
grid-kind-video = video
grid-kind-sound = sound
grid-kind-note = note
grid-kind-file = file
# A tile without a thumbnail yet; $kind is one of the words above.
grid-preview-pending = { $kind } · preview…
grid-needs-ffmpeg = { $kind } · needs ffmpeg
grid-needs-libheif = { $kind } · needs libheif

## The table (table_view.rs)

# Column headers.
table-kind = Kind
table-title = Title
table-case = Case
table-captured = Captured
table-size = Size
table-file-name = File name
table-added = Added
# The header of the column the table is sorted by; $name is the column's header.
table-descending = { $name } (descending)
table-ascending = { $name } (ascending)
table-sort-by = Sort by { $name }
table-loading = Loading…

## The application: locking, messages, drops (app.rs, app/*.rs, task.rs)

# $name is the bundle file's name.
app-import-bundle-hint = To import the bundle “{ $name }”, open the vault that should receive it: it is checked before anything is imported.
app-copied = Copied to the clipboard.
# Shown on the unlock form after locking; the sentences below follow it.
app-locked-idle = { $minutes ->
    [one] Locked after { $minutes } minute without activity.
   *[other] Locked after { $minutes } minutes without activity.
}
app-locked = Locked.
app-locked-cleared = The catalog, keys and pictures were cleared from memory.
# $error lists why the drafts could not be written (technical, may be English).
app-locked-drafts-lost = WHAT YOU WERE TYPING COULD NOT BE KEPT: { $error }.
app-locked-drafts-kept = What you were typing is kept in the vault, encrypted, and opens again when you unlock.
# $job is the work that was running, e.g. "Adding evidence".
app-locked-job-stopped = { $job } was stopped; add the same files again to continue (files already in the vault are recognised).
# Over the window while files are dragged onto it; $count is how many.
app-drop-to-add = { $count ->
    [one] Drop to add it to the vault
   *[other] Drop to add these { $count } to the vault
}
app-nothing-picked = No file or folder was chosen. If no dialog appeared, type the path in the field instead.
app-picker-failed = The file dialog could not be shown. Type the path in the field instead.
task-lost = The background work stopped unexpectedly (an internal error). Nothing was lost: try again, and if it happens again, run “Verify vault”.

## The window

# The window's title (the desktop's task bar shows it).
app-title = Evidence Vault

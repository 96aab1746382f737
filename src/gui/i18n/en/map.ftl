# The map, the timeline and the consistency hints.

filters-map = Map
filters-map-hint = Items with GPS and incidents with coordinates on an offline map, with the timeline under it
filters-timeline = Timeline
filters-timeline-hint = Capture times and incident dates; drag over the bars to show only that range

map-canvas = Map of the evidence
map-reading = Reading places and times…
map-read-failed = Could not read the places and times for the map: { $error }
map-select-area = Select area
map-select-area-hint = Drag on the map to draw an area: the grid shows only what lies in it, and those items are marked for linking, tagging or export (Shift+drag does the same)
map-fit = Fit
map-fit-hint = Show every item and incident on the map
map-area = Area: { $area }
map-clear-area = × Clear area
map-clear-area-hint = Show items from everywhere again
map-counts = { $shown } on the map · { $without } without GPS · { $incidents } { $incidents ->
    [one] incident
   *[other] incidents
} with coordinates
map-scale-km = { $km } km
map-scale-m = { $m } m
map-attribution = Basemap: Natural Earth (public domain)
map-thousands = { $n }k
map-point-captured = Captured { $when }
map-point-loading = (reading the item…)
map-point-hint = Click to show it; Ctrl+click marks it
map-cluster = { $count } items here
map-cluster-hint = Click to zoom in; Ctrl+click marks them all
map-incident-hint = Click to open the incident

timeline-canvas = Timeline of capture times
timeline-empty = No item of this search has a capture time.
timeline-fit = Fit
timeline-fit-hint = Show the whole span of the capture times and incident dates
timeline-range = Captured from { $from } to { $to }
timeline-clear-range = × Clear range
timeline-placed = { $count } with a capture time
timeline-no-time = · { $count } without
timeline-implausible = · { $count } implausible
timeline-far = · { $count } far from their incident's date
timeline-far-hint = Captured more than a day before or after the time of every incident they are linked to (drawn in orange)
timeline-bin = { $when }: { $count } { $count ->
    [one] item
   *[other] items
}
timeline-bin-marked = { $count } of them implausible or far from their incident's date
timeline-brush-hint = Drag over the bars to show only that range; wheel to zoom; drag the dates to move

picker-map-tiles = Offline map tiles (MBTiles or PMTiles)

notice-area-selected = { $count ->
    [one] One item lies in the area; it is marked.
   *[other] { $count } items lie in the area; they are marked.
}
notice-map-tiles-removed = The map uses the built-in basemap only.
notice-map-tiles-added = The map now uses the offline tiles { $name } (zoom { $min } to { $max }).
notice-map-tiles-failed = Could not use { $path } as map tiles: { $error }

settings-map-tiles = Offline map tiles
settings-map-tiles-note = The map always has its built-in basemap (countries, provinces, rivers, towns). For streets and buildings, add a raster tile set your organisation gives you, as an MBTiles or PMTiles file. It is only read, never sent anywhere.
settings-map-tiles-none = None (built-in basemap only)
settings-map-tiles-choose = Choose a tile file…
settings-map-tiles-remove = Remove

detail-hints-heading = Worth a second look
detail-hint-far = Its GPS is { $km } km from the place of the incident { $incident } (more than { $radius } km).
detail-hint-before = It was captured { $duration } before the time of the incident { $incident }.
detail-hint-after = It was captured { $duration } after the time of the incident { $incident }.
detail-hints-note = Pointed out only; nothing was changed.
span-days = { $n ->
    [one] one day
   *[other] { $n } days
}
span-hours = { $n ->
    [one] one hour
   *[other] { $n } hours
}
span-minutes = { $n ->
    [one] one minute
   *[other] { $n } minutes
}

help-map-keys = On the map: drag, wheel, arrows, + and -
help-map = Move the map and zoom it
help-map-area-keys = On the map: Shift+drag
help-map-area = Draw an area: only what lies in it is listed, and it is marked
help-timeline-keys = On the timeline: drag over the bars, wheel, Left and Right arrows, + and -
help-timeline = Choose a range of capture times; zoom and move in time

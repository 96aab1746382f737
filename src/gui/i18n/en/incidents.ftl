# incidents

## Shared words (incident_page): statuses, link roles, how coordinates were found, casualties

# An incident's review status, as a list, a badge (shown upper-cased) and a sentence show it
incident-status-incoming = incoming
incident-status-in-review = in review
incident-status-verified = verified
incident-status-disputed = disputed
incident-status-discarded = discarded
# The role of a linked item of evidence for an incident
incident-role-primary = primary
incident-role-supporting = supporting
incident-role-context = context
# How an incident's coordinates were established (after the coordinates, in brackets)
incident-place-reported = as reported
incident-place-item-gps = from the items' GPS
incident-place-map = located on a map
incident-place-estimated = an estimate
# Casualty categories: row labels and form fields
incident-casualty-killed = Killed
incident-casualty-injured = Injured
incident-casualty-missing = Missing
incident-casualty-detained = Detained
# A time range as written by the documenter: $from and $to are dates such as 2017-03-21
incident-when-range = { $from } to { $to }
# Parts of a casualty figure: "20 (children 5, women 3), according to Tabqa hospital"
incident-figure-children = children { $count }
incident-figure-women = women { $count }
# $total: the figure; $parts: the parts above, joined
incident-figure-parts = { $total } ({ $parts })
# $figure: the figure with its parts; $source: who gives it (user text)
incident-figure-source = { $figure }, according to { $source }
# Between the entries of a list shown on one line (labels, names, tags)
incident-list-separator = {", "}

## The incident page (incident_page)

incident-page-empty = Select an incident to see all its fields, its linked evidence and its custody log.
incident-page-reading = Reading…
incident-section-what = What happened
# $count: linked items, here and in other vaults
incident-section-linked = Linked evidence ({ $count })
incident-section-history = Review history
incident-section-custody = Custody log
# The first 8 characters of the incident's ID (Latin)
incident-id = incident { $id }
incident-edit = Edit…
incident-edit-hover = Change its fields (the custody log keeps the old values)
incident-close = Close
incident-status-change-to = Change status to
incident-status-reason = Reason
incident-status-reason-hint = who confirmed it, what is disputed, what is missing
incident-status-record = Record status
incident-status-record-hover = Signed into the incident's custody log with your name and the time
# Row labels of "What happened"
incident-row-when = When
incident-when-unknown = not known
incident-row-place = Place
incident-row-coordinates = Coordinates
# $gps: the coordinates; $source: how they were established (incident-place-…)
incident-coordinates-value = { $gps } ({ $source })
incident-row-violation = Violation
incident-row-site = Site
incident-row-weapon = Weapon
incident-row-perpetrators = Perpetrators
incident-row-sources = Sources
# Between sources on one line
incident-sources-separator = {"; "}
incident-row-case = Case
incident-row-tags = Tags
incident-row-recorded = Recorded
# $time: date and time; $name: the documenter who recorded it
incident-recorded-value = { $time } by { $name }
incident-summary = Summary
incident-summary-ar = Summary (Arabic)
# Review history
incident-history-none = Not reviewed yet: the status is still “incoming”.
# Before the new status (shown strongly after it): "in review to verified"
incident-history-from = { $status } to
# $actor: who changed it; $reason: why (user text)
incident-history-by = by { $actor }: { $reason }
# Linked evidence
incident-linked-none = No evidence linked yet: select items in the evidence grid and use “Link to incident…”.
incident-unlink = Unlink
# $item: the item's title or file name
incident-unlink-hover = Unlink { $item }
incident-elsewhere = { $count ->
    [one] { $count } item linked in another vault and not here (the bundle did not carry them):
   *[other] { $count } items linked in another vault and not here (the bundle did not carry them):
}
# $hash: the start of a SHA-256; $role: incident-role-…
incident-elsewhere-item = SHA-256 { $hash }… ({ $role })
# $item: the item's title or file name; $role: incident-role-…
incident-tile-hover = { $item } ({ $role }): show it with the evidence

## The incidents list and its filters (incidents_view)

incidents-search = Search incidents
incidents-search-hint = words of titles, places, perpetrators, sources (Ctrl+F)
incidents-status = Status
incidents-all-statuses = All statuses
incidents-violation = Violation
incidents-site = Site
incidents-all = All
incidents-case = Case
incidents-all-cases = All cases
incidents-from-day = From day
incidents-clear-filters = Clear filters
incidents-new = New incident…
incidents-new-hover-none = Record an incident (select evidence first: it is linked, and its date and place are proposed)
incidents-new-hover-selection = Record an incident linking the selected evidence
incidents-count = { $count ->
    [one] { $count } incident
   *[other] { $count } incidents
}
# After the count of incidents
incidents-match-filters = match the filters
incidents-no-match = No incident matches
incidents-no-match-hint = Try fewer words, or clear the filters.
incidents-none = No incidents yet
incidents-none-explain = An incident is what happened (a strike, a detention) with its date, place, casualties and sources, linked to the evidence that shows it.
incidents-none-how = Select evidence in the grid and choose “Link to incident…”, or:
incidents-record-first = Record the first incident…
# Column headers
incidents-col-title = Title
incidents-col-status = Status
incidents-col-when = When
incidents-col-killed = Killed
incidents-col-items = Items
incidents-col-place = Place
incidents-open-hover = Open this incident

## The incident form (dialogs/incident_form, incident_form_view)

iform-save-changes = Save changes
iform-save = Save incident
iform-discard = Discard
iform-discard-hover = Throw this form away (Escape closes it and keeps it for later)
iform-casualty-hint = Casualties: the total, then parts and who gives the figure, e.g. 20, children=5, women=3, source=Tabqa hospital
# Followed by a choice of role (primary, supporting, context)
iform-items-linked-as = { $count ->
    [one] { $count } item will be linked, as
   *[other] { $count } items will be linked, as
}
iform-proposing = Reading their dates and places…
iform-title-en = Title (English)
iform-title-en-hint = Airstrike on the bakery, Tabqa
iform-title-ar = Title (Arabic)
iform-title-ar-hint = in Arabic
iform-when = When
iform-when-hint = 2017-03-22, 2017-03, 2017-03-21/2017-03-22, 2017-03-22T14:30
iform-case = Case
iform-case-hint = e.g. TABQA-2017-03
iform-place = Place of the incident
iform-place-hint = neighbourhood, town, governorate
iform-latitude = Latitude
iform-longitude = Longitude
iform-coordinates-from = Coordinates from
iform-types = Violation types
iform-sites = Sites
iform-weapons = Weapons
iform-perpetrators = Perpetrators (separated by commas)
iform-perpetrators-hint = as the sources name them
iform-sources = Sources (one per line)
iform-summary-en = Summary (English)
iform-summary-ar = Summary (Arabic)
iform-tags = Tags (separated by commas)
iform-look-alike = This looks like an incident already recorded (same place, same days):
iform-open-it = Open it
iform-open-it-hover = Leave this form (nothing is saved) and open that incident
iform-save-anyway = Save anyway
iform-save-anyway-hover = It is a different incident: save it as a new one
iform-keep-editing = Keep editing
iform-suggestions = Already in the vault:
iform-suggestion-hover = Use this spelling
# A vocabulary drop-down with nothing chosen
iform-none = (none)
iform-role = Role of the items
# $error: the library's reason (English for now)
iform-proposal-failed = Could not read the items' dates and places ({ $error }); fill them in by hand.
iform-error-when = When: { $error }
# $field: a casualty category (incident-casualty-…); $error: the library's reason
iform-error-figure = { $field }: { $error }
# $name: iform-latitude or iform-longitude; $text: what was typed
iform-error-coordinate = { $name } '{ $text }' is not a number: write it in decimal degrees, e.g. 35.8356

## Linking items to an incident (dialogs/link_incident)

# Followed by a choice of role (primary, supporting, context)
link-items-selected = { $count ->
    [one] { $count } item selected; link it as
   *[other] { $count } items selected; link them as
}
link-find = Find an incident
link-find-hint = words of its title or place, its case
link-no-incidents = No incidents in this vault yet: start one from these items.
link-no-match = No incident matches; try fewer words.
# A button's accessible name and hover text: $title is the incident's title
link-to = Link to { $title }
link-button = Link
link-no-date = no date
link-more = { $count ->
    [one] { $count } more: type words to narrow the list.
   *[other] { $count } more: type words to narrow the list.
}
link-new-from-items = New incident from these items…
link-new-from-items-hover = Their dates, place and case are proposed

## Notices after saving, linking, status changes (actions/incidents)

incident-form-reopened = The incident you were writing is shown again: save it, or discard it to start another.
incident-still-saving = An incident is still being saved; try again in a moment.
# $error: the library's reason (English for now)
incident-vocab-failed = Could not read the vocabularies: { $error }
incident-not-saved = The incident was not saved: { $error }.
incident-compare-failed = Could not compare with the other incidents: { $error }
incident-link-failed = Nothing was linked: { $error }.
incident-unlink-failed = The item was not unlinked: { $error }.
incident-status-failed = The status was not changed: { $error }.
# $title: the incident's title; $linked: how many items were linked with it
incident-created = { $linked ->
    [0] Incident “{ $title }” recorded; its custody log holds the event.
    [one] Incident “{ $title }” recorded with { $linked } item linked; its custody log holds the event.
   *[other] Incident “{ $title }” recorded with { $linked } items linked; its custody log holds the event.
}
incident-edited = Changes to “{ $title }” saved (the custody log records the old and new values).
incident-already-linked = Already linked to “{ $title }”: nothing changed.
incident-linked = { $count ->
    [one] { $count } item linked to “{ $title }”.
   *[other] { $count } items linked to “{ $title }”.
}
incident-unlinked = Item unlinked from “{ $title }”.
# $status: the new status (incident-status-…)
incident-status-now = “{ $title }” is now { $status } (who, when and why are in its custody log).

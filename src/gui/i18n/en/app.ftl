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

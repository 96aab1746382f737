## الأعداد والأحجام والمدد (gui::format)

count-items = { $count ->
    [zero] لا مواد
    [one] مادة واحدة
    [two] مادتان
    [few] { $count } مواد
    [many] { $count } مادة
   *[other] { $count } مادة
}
size-bytes = { $count ->
    [zero] لا بايت
    [one] بايت واحد
    [two] بايتان
    [few] { $count } بايتات
   *[other] { $count } بايت
}
size-kb = { $value } ك.ب
size-mb = { $value } م.ب
size-gb = { $value } غ.ب
size-tb = { $value } ت.ب
size-pb = { $value } ب.ب
duration-hours = { $hours } س { $minutes } د
duration-minutes = { $minutes } د { $seconds } ث
duration-seconds = { $seconds } ث
days-ago-today = اليوم
days-ago-yesterday = أمس
days-ago = { $count ->
    [two] قبل يومين
    [few] قبل { $count } أيام
   *[other] قبل { $count } يومًا
}
# الدرجات مع الاتجاه: 35.83412° ش، 38.54871° ق
gps = { $lat }° { $ns }، { $lon }° { $ew }
gps-north = ش
gps-south = ج
gps-east = ق
gps-west = غ

## اختيار اللغة (شاشة البدء والإعدادات)

language-label = اللغة:
language-system = لغة النظام ({ $name })
digits-label = الأرقام:
digits-native = أرقام اللغة

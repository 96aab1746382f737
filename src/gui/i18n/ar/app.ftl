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

## شريط أدوات النافذة الرئيسية (main_view.rs)

toolbar-evidence = الأدلة
toolbar-evidence-hint = المواد: صور ومقاطع فيديو وملاحظات وملفات
toolbar-incidents = الحوادث
toolbar-incidents-hint = ما جرى، مع تاريخه ومكانه وضحاياه وحالة مراجعته
toolbar-add-files = إضافة ملفات…
toolbar-add-folder = إضافة مجلد…
toolbar-new-note = ملاحظة جديدة
toolbar-new-note-hint = Ctrl+N: كتابة ملاحظة أو شهادة
toolbar-verify = التحقق من الخزنة
toolbar-export = تصدير…
toolbar-export-hint = إعداد حزمة مشفّرة لشخص آخر
toolbar-export-unavailable = غير متاح في هذا الإصدار بعد
toolbar-import = استيراد…
toolbar-public-key = مفتاحي العام
toolbar-public-key-hint = ليتمكّن الآخرون من تصدير الأدلة إلى هذه الخزنة
toolbar-backup = نسخ احتياطي…
toolbar-backup-hint = نسخ الخزنة مشفّرةً إلى قرص خارجي أو إلى موقع بعيد
toolbar-settings = الإعدادات
toolbar-lock = قفل
toolbar-lock-hint = Ctrl+L: قفل الخزنة الآن
# في طرف الشريط: $name اسم الخزنة، و$items عدد موادها («١٣ مادة»).
toolbar-vault = { $name } · { $items }
# شارة بجانب اسم الخزنة حين تكون الخزنة التجريبية مفتوحة.
toolbar-demo = تجريبية
toolbar-demo-hint = أدلة نموذجية مصطنعة، تُحذف عند إنهاء البرنامج

## شريط التصفية (main_view.rs)

filters-search = بحث
filters-search-hint = كلمات من العناوين والملاحظات والأماكن والوسوم والأسماء، أو بصمة SHA-256 ‏(Ctrl+F)
filters-clear-search = مسح البحث
filters-case = القضية
filters-all-cases = كل القضايا
filters-no-case = (بلا قضية)
filters-tag = الوسم
filters-all-tags = كل الوسوم
filters-kind = النوع
filters-all-kinds = كل الأنواع
filters-photos = صور
filters-videos = مقاطع فيديو
filters-sound = تسجيلات صوتية
filters-notes = ملاحظات
filters-other-files = ملفات أخرى
# يليه حقلا تاريخ: «وقت الالتقاط من [تاريخ] إلى [تاريخ]».
filters-captured-from = وقت الالتقاط من
filters-near-duplicates = صور شبه مكررة
filters-near-duplicates-hint = الصور ومقاطع الفيديو التي لها نسخة شبه مكررة في الخزنة فقط (نسخة أُعيد ترميزها أو غُيّر حجمها أو قُصّت)، مع جمع كل مجموعة معًا
filters-clear = مسح التصفية
filters-sort-by = ترتيب حسب
filters-descending = تنازلي
filters-ascending = تصاعدي
filters-sort-direction-hint = تغيير اتجاه الترتيب
filters-grid = شبكة
filters-table = جدول
filters-thumb-size = الحجم
filters-thumb-size-hint = حجم الصور المصغّرة
filters-sort-added = تاريخ الإضافة
filters-sort-captured = تاريخ الالتقاط
filters-sort-title = العنوان
filters-sort-name = اسم الملف
filters-sort-size = الحجم
filters-sort-kind = النوع

## شريط الحالة (main_view.rs)

status-cancel = إلغاء
status-cancel-hint = الإيقاف بعد الملف الحالي؛ ما أُنجز يبقى في الخزنة
status-searching = جارٍ البحث…
# $shown من مواد الخزنة البالغة $total تطابق البحث والتصفية.
status-matching = المواد المطابقة: { $shown } من أصل { $total }
status-marked = { $count ->
    [zero] · لا مواد محدَّدة
    [one] · مادة واحدة محدَّدة
    [two] · مادتان محدَّدتان
    [few] · { $count } مواد محدَّدة
    [many] · { $count } مادة محدَّدة
   *[other] · { $count } مادة محدَّدة
}
status-bulk-edit = القضية والوسوم…
status-bulk-edit-hint = تعيين القضية أو إضافة وسوم أو إزالتها في كل مادة محدَّدة
status-link-incident = ربط بحادثة…
status-link-incident-hint = ربط كل مادة محدَّدة بحادثة، أو إنشاء حادثة جديدة منها
status-unmark-all = إلغاء تحديد الكل
status-making-previews-count = إعداد المعاينات: { $done } من { $total }
status-making-previews = إعداد المعاينات…
status-making-previews-hint = صور مصغّرة بقيت من إدخال سابق؛ المواد نفسها سليمة
status-cancel-backup = إلغاء النسخ الاحتياطي
# $job هو «النسخ الاحتياطي» أو «التحقق من النسخة الاحتياطية»؛ $percent نسبة الإنجاز.
status-backup-running = { $job }… { $percent }٪
status-no-backup = لا توجد نسخة احتياطية من هذه الخزنة بعد
# $when: «اليوم» أو «أمس» أو «قبل ١٠ أيام».
status-last-backup = آخر نسخة احتياطية: { $when }
status-backup-now = نسخ احتياطي الآن

## المساحة الوسطى حين لا تُعرض أي مادة (main_view.rs)

main-nothing-matches = لا شيء يطابق البحث
main-nothing-matches-hint = جرّب كلمات أقل، أو امسح التصفية.
main-empty-vault = هذه الخزنة فارغة
main-empty-drag = اسحب ملفات أو مجلدات إلى هذه النافذة، أو:
main-empty-choose = اختيار أدلة لإضافتها…
main-empty-write-note = كتابة ملاحظة

## شبكة الصور المصغّرة (grid_view.rs)

grid-untitled = (بلا عنوان)
grid-loading = جارٍ التحميل…
grid-no-preview = لا معاينة
grid-kind-photo = صورة
grid-kind-video = فيديو
grid-kind-sound = تسجيل صوتي
grid-kind-note = ملاحظة
grid-kind-file = ملف
grid-preview-pending = { $kind } · المعاينة قيد الإعداد…
grid-needs-ffmpeg = { $kind } · يلزم ffmpeg
grid-needs-libheif = { $kind } · يلزم libheif

## الجدول (table_view.rs)

table-kind = النوع
table-title = العنوان
table-case = القضية
table-captured = وقت الالتقاط
table-size = الحجم
table-file-name = اسم الملف
table-added = تاريخ الإضافة
table-descending = { $name } (تنازلي)
table-ascending = { $name } (تصاعدي)
table-sort-by = ترتيب حسب { $name }
table-loading = جارٍ التحميل…

## البرنامج: القفل والرسائل والإفلات (app.rs وapp/*.rs وtask.rs)

# $name اسم ملف الحزمة.
app-import-bundle-hint = لاستيراد الحزمة «{ $name }»، افتح الخزنة التي ستستقبلها: تُفحص الحزمة قبل استيراد أي شيء منها.
app-copied = نُسخ إلى الحافظة.
app-locked-idle = { $minutes ->
    [zero] قُفلت الخزنة لعدم النشاط.
    [one] قُفلت الخزنة بعد دقيقة واحدة دون نشاط.
    [two] قُفلت الخزنة بعد دقيقتين دون نشاط.
    [few] قُفلت الخزنة بعد { $minutes } دقائق دون نشاط.
    [many] قُفلت الخزنة بعد { $minutes } دقيقة دون نشاط.
   *[other] قُفلت الخزنة بعد { $minutes } دقيقة دون نشاط.
}
app-locked = قُفلت الخزنة.
app-locked-cleared = مُسح الفهرس والمفاتيح والصور من الذاكرة.
app-locked-drafts-lost = تنبيه: تعذّر الاحتفاظ بما كنت تكتبه: { $error }.
app-locked-drafts-kept = ما كنت تكتبه محفوظ في الخزنة مشفّرًا، ويُفتح من جديد عند فتحها.
# $job العمل الذي كان جاريًا، مثل «إضافة الأدلة».
app-locked-job-stopped = أُوقف «{ $job }»؛ أضف الملفات نفسها مرة أخرى للمتابعة (يُتعرَّف على الملفات الموجودة في الخزنة).
# فوق النافذة أثناء سحب ملفات إليها؛ $count عددها.
app-drop-to-add = { $count ->
    [zero] أفلِت هنا للإضافة إلى الخزنة
    [one] أفلِت هنا لإضافة الملف إلى الخزنة
    [two] أفلِت هنا لإضافة الملفين إلى الخزنة
    [few] أفلِت هنا لإضافة هذه الملفات الـ{ $count } إلى الخزنة
    [many] أفلِت هنا لإضافة هذه الملفات الـ{ $count } إلى الخزنة
   *[other] أفلِت هنا لإضافة هذه الملفات الـ{ $count } إلى الخزنة
}
app-nothing-picked = لم يُختر أي ملف أو مجلد. إن لم تظهر نافذة الاختيار، فاكتب المسار في الحقل.
app-picker-failed = تعذّر عرض نافذة اختيار الملفات. اكتب المسار في الحقل بدلًا من ذلك.
task-lost = توقّف العمل الجاري في الخلفية على نحو غير متوقع (خطأ داخلي). لم يُفقد شيء: أعد المحاولة، وإن تكرّر ذلك فشغّل «التحقق من الخزنة».

## النافذة

app-title = خزنة الأدلة

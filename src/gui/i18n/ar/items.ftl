# items

## لوحة تفاصيل المادة المحدَّدة (detail_panel.rs)

detail-none-selected = حدِّد مادة لعرض تفاصيلها وبصمة SHA-256 الخاصة بها وسجل حيازتها.
detail-reading = جارٍ القراءة…
# عنوان قسم قابل للطي؛ ‎$count‎ عدد الصور شبه المكررة التي عُثر عليها
detail-similar-heading = مواد مشابهة ({ $count })
detail-description-heading = وصف الموثِّق
detail-recorded-heading = ما سجّله الملف والكاميرا
detail-custody-heading = سجل الحيازة
detail-incidents-label = الحوادث:
# بعد «الحوادث:» حين لا تكون المادة مرتبطة بأي حادثة
detail-incidents-none = لا شيء
# زر لكل حادثة مرتبطة: ‎$title‎ عنوان الحادثة، و‎$role‎ دور المادة فيها (incident-role-…)
detail-incident-chip = { $title } ({ $role })
detail-incident-open-hover = فتح هذه الحادثة
detail-link-incident = ربط بحادثة…
detail-link-incident-hover = اربط هذه المادة بحادثة، أو ابدأ منها حادثة جديدة.
detail-similar-explained = نسخ من هذه الصورة عُثر عليها في الخزنة، أُعيد ترميزها أو غُيِّر حجمها أو اقتُطع منها (بحسب بصمتها الإدراكية). قارِن بينها قبل أن تعدّها الدليل نفسه.
# مدى قرب الصورة شبه المكررة: الصورة نفسها تمامًا…
detail-similar-same = الصورة نفسها
# …أو عدد البتات المختلفة بين البصمتين الإدراكيتين
detail-similar-distance = درجة الاختلاف { $distance }
# زر يفتح الصورة شبه المكررة؛ ‎$id‎ بداية معرّف المادة
detail-similar-show = عرض { $id }
detail-similar-open-hover = فتح هذه المادة
# الاسم الذي تقرؤه قارئات الشاشة للصورة المصغّرة؛ ‎$title‎ عنوان المادة أو اسم ملفها
detail-thumbnail-alt = معاينة: { $title }
detail-thumbnail-failed = يتعذّر عرض المعاينة.
detail-derived-pending = جارٍ إعداد معاينتها (المادة نفسها محفوظة بأمان).
detail-derived-needs-ffmpeg = تحتاج معاينات مقاطع الفيديو إلى ffmpeg: ثبِّته (sudo apt install ffmpeg) ثم افتح الخزنة من جديد. المادة نفسها كاملة.
detail-derived-needs-heif = تحتاج معاينات صور HEIC إلى libheif: ثبِّتها (sudo apt install libheif-examples) ثم افتح الخزنة من جديد. المادة نفسها كاملة.
# ‎$error‎ سبب التعذّر (بالإنكليزية حاليًا)
detail-derived-failed = تعذّر إعداد معاينة: { $error }. المادة نفسها محفوظة بأمان كما وصلت.
# الاسم الذي تقرؤه قارئات الشاشة للصورة؛ ‎$title‎ عنوان المادة أو اسم ملفها
detail-photo-alt = صورة: { $title }
detail-photo-hover = انقر لعرضها مكبَّرة (Enter)
detail-photo-decrypting = جارٍ فك تشفير الصورة…
detail-photo-failed = يتعذّر عرض الصورة كاملة: { $error }
detail-note-read-large = القراءة في نافذة كبيرة
# ‎$mime‎ نوع الملف، مثل application/pdf
detail-no-preview = لا تتوفر معاينة لهذا النوع من الملفات ({ $mime }).
detail-sha-heading = بصمة SHA-256 للأصل
detail-copy-sha = نسخ بصمة SHA-256
detail-copy-id = نسخ معرّف المادة
detail-extract-heading = حفظ نسخة من الأصل
detail-extract-warning = النسخة غير مشفَّرة: لا تحفظها إلا في مكان آمن (مثلًا لتسليمها إلى محكمة أو أرشيف). تتحقق الخزنة من النسخة بمطابقتها مع بصمة SHA-256 وتسجّلها في سجل الحيازة، ولا تكتب أبدًا فوق ملف موجود.
detail-extract-save-as = حفظ نسخة باسم…
# عنوان حقل المسار بجانب «حفظ النسخة»
detail-extract-path = أو اكتب المسار:
detail-extract-save = حفظ النسخة
# حقول الموثِّق (العناوين، والتلميحات الرمادية داخل الحقول الفارغة)
detail-title = العنوان
detail-title-hint = ما الذي تُظهره هذه المادة
detail-description = الوصف
detail-case = القضية
detail-case-hint = مثلًا TABQA-2017-03
detail-tags = الوسوم (مفصولة بفواصل)
detail-tags-hint = غارة جوية، مدرسة
detail-place = المكان
detail-place-hint = أين وقع ما تُظهره
detail-event-date = تاريخ الواقعة (YYYY-MM-DD)
detail-save = حفظ التغييرات
detail-undo = التراجع عن التغييرات
detail-saving = جارٍ الحفظ…
detail-not-saved = لم تُحفظ بعد
detail-edits-logged = يُسجَّل كل تغيير في سجل الحيازة، مع القيمة القديمة والقيمة الجديدة.
# ما سجّله الملف والكاميرا: أسماء الصفوف
detail-kind = النوع
detail-size = الحجم
# ‎$size‎ الحجم مقرَّبًا (مثل ١٫٢ م.ب)، و‎$count‎ عدد البايتات بالضبط
detail-size-value = { $size } ({ $count ->
    [zero] لا بايت
    [one] بايت واحد
    [two] بايتان
    [few] { $count } بايتات
    [many] { $count } بايتًا
   *[other] { $count } بايت
})
detail-type = نوع الملف
detail-original-name = الاسم الأصلي
detail-taken-from = أُخذ من
detail-file-modified = آخر تعديل للملف
detail-added = أُضيف إلى الخزنة
detail-captured-camera = وقت الالتقاط (بحسب ساعة الكاميرا)
detail-captured = وقت الالتقاط
detail-not-recorded = غير مسجَّل
detail-camera = الكاميرا
detail-pixels = الأبعاد بالبكسل
# العرض × الارتفاع بالبكسل
detail-pixels-value = { $width } × { $height }
detail-orientation = الاتجاه
# ‎$value‎ رقم الاتجاه في EXIF (من 1 إلى 8)، و‎$meaning‎ أحد detail-orientation-…
detail-orientation-value = { $value } ({ $meaning })
detail-orientation-upright = معتدلة
detail-orientation-180 = مُدارة { $degrees }°
detail-orientation-cw = تُدار { $degrees }° باتجاه عقارب الساعة عند العرض
detail-orientation-ccw = تُدار { $degrees }° عكس اتجاه عقارب الساعة عند العرض
detail-orientation-mirrored = معكوسة
detail-intake-note = ملاحظة الإدخال
detail-gps = إحداثيات GPS
# ‎$position‎ الإحداثيات (gps)، و‎$metres‎ الارتفاع عن سطح البحر
detail-gps-altitude = { $position }، الارتفاع { $metres } م
detail-copy-coordinates = نسخ الإحداثيات

## سجل حيازة مادة أو حادثة (custody_view.rs)

# يظهر بالأخضر حين يجتاز السجل التحقق؛ ‎$count‎ عدد الأحداث
custody-verified = { $count ->
    [zero] تم التحقق: لا أحداث في هذا السجل.
    [one] تم التحقق: توقيع الحدث صالح.
    [two] تم التحقق: الحدثان مترابطان وتوقيعاهما صالحان.
    [few] تم التحقق: الأحداث كلها ({ $count } أحداث) مترابطة، وكل توقيع صالح.
    [many] تم التحقق: الأحداث كلها ({ $count } حدثًا) مترابطة، وكل توقيع صالح.
   *[other] تم التحقق: الأحداث كلها ({ $count } حدث) مترابطة، وكل توقيع صالح.
}
# يظهر بالأحمر، وتليه قائمة المشكلات
custody-not-verified = لم يجتز التحقق: في سجل الحيازة هذا مشكلات:
# «التحقق من الخزنة» اسم عنصر القائمة (dialog-title-verify)
custody-not-verified-advice = أبقِ الخزنة على حالها وشغِّل «التحقق من الخزنة»، ولا تعتمد على هذا السجل حتى يُعرف سبب مشكلاته.
custody-recorded-here = سُجِّل في هذه الخزنة
# ‎$vault‎ بداية معرّف خزنة أخرى (وصلت المادة منها في حزمة)
custody-recorded-elsewhere = سُجِّل في الخزنة { $vault }… (قبل أن تصل المادة إلى هنا)
# رقم الحدث في السجل وما جرى (custody-action-…)
custody-event-heading = { $number }. { $action }
# ‎$actor‎ اسم الموثِّق الذي سجّل الحدث
custody-by = بواسطة { $actor }
# ‎$hash‎ بداية بصمة SHA-256 للحدث
custody-event-hash = بصمة الحدث { $hash }…
# ما جرى، عنوانًا لكل حدث
custody-action-acquired = إدخال
custody-action-reacquired = إدخال مجدد (المحتوى نفسه)
custody-action-metadata-edited = تعديل البيانات الوصفية
custody-action-extracted = استخراج نسخة
custody-action-exported = تصدير
custody-action-imported = استيراد
custody-action-verified = تحقق
custody-action-readopted = إعادة الضمّ
custody-action-incident-created = إنشاء حادثة
custody-action-incident-edited = تعديل حادثة
custody-action-item-linked = ربط مادة
custody-action-item-unlinked = فك ربط مادة
custody-action-status-changed = تغيير الحالة
# تفصيل من تفاصيل الحدث: ‎$field‎ أحد custody-field-… (أو الاسم المخزَّن)، و‎$value‎ ما سُجِّل
custody-detail = { $field }: { $value }
# حقل عُدِّل: قيمته القديمة والجديدة
custody-changed = { $field }: غُيِّر من «{ $old }» إلى «{ $new }»
# تغيير الحالة: ‎$old‎ و‎$new‎ حالتان (incident-status-…)
custody-status-change = من { $old } إلى { $new }
# قيمة تُركت فارغة
custody-empty = (فارغ)
# قيم نعم/لا في التفاصيل (مثل «دُمجت: نعم»)
custody-true = نعم
custody-false = لا
# بين عناصر القائمة (مثل مستلمي التصدير)
custody-list-separator = {"، "}
# نوع المادة كما خُزِّن في السجل
custody-kind-photo = صورة
custody-kind-video = مقطع فيديو
custody-kind-audio = تسجيل صوتي
custody-kind-text = ملاحظة
custody-kind-file = ملف
# نتيجة التحقق كما خُزِّنت في السجل
custody-result-ok = سليمة
custody-result-failed = فشل التحقق
# أسماء التفاصيل المسجَّلة مع الأحداث
custody-field-source-path = مسار المصدر
custody-field-original-name = الاسم الأصلي
custody-field-size = الحجم
custody-field-source-modified = آخر تعديل للمصدر
custody-field-mime = نوع الملف
custody-field-kind = النوع
custody-field-tool = الأداة
custody-field-note-title = عنوان الملاحظة
custody-field-written-in-app = كُتبت في البرنامج
custody-field-title = العنوان
custody-field-description = الوصف
custody-field-case = القضية
custody-field-tags = الوسوم
custody-field-place = المكان
custody-field-event-date = تاريخ الواقعة
custody-field-result = النتيجة
custody-field-problems = المشكلات
custody-field-object = الملف المخزَّن
custody-field-destination = الوجهة
custody-field-bundle-id = معرّف الحزمة
custody-field-bundle-sha256 = بصمة SHA-256 للحزمة
custody-field-recipients = المستلِمون
custody-field-payload-path = المسار داخل الحزمة
custody-field-source-vault = الخزنة المصدر
custody-field-signer = الموقِّع
custody-field-sender-item-id = معرّف المادة لدى المرسِل
custody-field-merged = دُمجت
custody-field-sender-events-added = أحداث المرسِل المضافة
custody-field-sender-events-divergent = أحداث المرسِل المتعارضة
custody-field-sender-chain-heads = آخر أحداث سلاسل المرسِل
custody-field-title-ar = العنوان بالعربية
custody-field-summary = الملخّص
custody-field-summary-ar = الملخّص بالعربية
custody-field-when = الوقت
custody-field-start = البداية
custody-field-end = النهاية
custody-field-precision = الدقة
custody-field-types = أنواع الانتهاك
custody-field-sites = أنواع المواقع
custody-field-weapons = الأسلحة
custody-field-casualties = الضحايا
custody-field-killed = قتلى
custody-field-injured = جرحى
custody-field-missing = مفقودون
custody-field-detained = محتجزون
custody-field-total = المجموع
custody-field-children = أطفال
custody-field-women = نساء
custody-field-perpetrators = الجهات المسؤولة
custody-field-sources = المصادر
custody-field-source = المصدر
custody-field-name = الاسم
custody-field-lat = خط العرض
custody-field-lon = خط الطول
custody-field-status = الحالة
custody-field-reason = السبب
custody-field-item = المادة
custody-field-sha256 = بصمة SHA-256
custody-field-role = الدور

## المعاينة الكبيرة للصورة (preview.rs): سبب تعذّر عرضها، بعد «يتعذّر عرض الصورة: »

preview-decoder-lost = توقّف فك ترميز الصورة على نحو غير متوقع
# ‎$error‎ السبب (بالإنكليزية حاليًا)؛ «التحقق من الخزنة» اسم عنصر القائمة
preview-decrypt-failed = تعذّر فك تشفير الأصل المحفوظ ({ $error })؛ شغِّل «التحقق من الخزنة»
preview-too-large = الصورة أكبر من أن تُعايَن، وليست لها صورة مصغّرة

## العرض المكبَّر للمادة (dialogs/viewer.rs)

viewer-nothing = لم تُحدَّد أي مادة.
viewer-photo-failed = يتعذّر عرض الصورة: { $error }
# ‎$mime‎ نوع الملف، مثل application/pdf
viewer-no-preview = لا تتوفر معاينة لهذا النوع من الملفات ({ $mime }).
# زرّا المادة السابقة والتالية؛ صيغ ‎-button‎ تضيف ‎$arrow‎ (◀ أو ▶ باتجاه الانتقال)، والصيغ
# المجردة هي ما تقرؤه قارئات الشاشة
viewer-previous = السابق
viewer-previous-button = { $arrow } السابق
viewer-next = التالي
viewer-next-button = التالي { $arrow }
# مفتاح لوحة المفاتيح الذي يؤدي عمل الزر (نص التلميح)
viewer-key-left = مفتاح السهم الأيسر
viewer-key-right = مفتاح السهم الأيمن
viewer-zoom-hover = عجلة الفأرة أو + و- للتكبير والتصغير، والسحب للتحريك، و0 أو النقر المزدوج لملاءمة الصورة للنافذة
# الاسم الذي تقرؤه قارئات الشاشة للصورة؛ ‎$title‎ عنوان المادة أو اسم ملفها
viewer-photo-alt = صورة: { $title }
# نسبة التكبير، مثل «٢٥٠٪»
viewer-zoom = { $percent }٪

## نوافذ الملفات الأصلية في النظام (file_picker.rs): عناوين النوافذ ومرشِّح نوع الملف

picker-add-files = اختيار ملفات لإضافتها إلى الخزنة
picker-add-folder = اختيار مجلد لإضافته إلى الخزنة
picker-new-vault = اختيار مجلد فارغ للخزنة الجديدة
picker-open-vault = اختيار مجلد الخزنة
picker-save-bundle = حفظ الحزمة باسم
picker-save-original = حفظ نسخة من الأصل باسم
picker-open-bundle = اختيار حزمة لاستيرادها
picker-backup-folder = اختيار مجلد للنسخة الاحتياطية (على قرص خارجي)
# نوع ملفات الحزم ‎.age‎ في مرشِّح النافذة
picker-filter-bundle = حزمة أدلة

## عناصر مشتركة (widgets.rs)

widget-copy-hover = نسخ إلى الحافظة
# ‎$what‎ اسم العمل الجاري (مثل «جارٍ التحقق»)، قبل أرقام تقدّمه
widget-progress-starting = { $what }: جارٍ البدء…
# ‎$done‎ و‎$total‎ عددا المواد
widget-progress-items = { $what }: { $done } من { $total ->
    [zero] { $total } مادة
    [one] مادة واحدة
    [two] مادتين
    [few] { $total } مواد
    [many] { $total } مادة
   *[other] { $total } مادة
}
# ‎$done‎ و‎$total‎ حجمان (مثل ١٫٢ م.ب)، بعد عدد المواد
widget-progress-bytes = { $done } من { $total }
# ‎$size‎ حجم (مثل ١٫٢ م.ب) في الثانية
widget-progress-rate = { $size }/ث
# ‎$duration‎ الوقت المتبقي، مثل «٣ د ٢٠ ث»
widget-progress-left = يتبقى نحو { $duration }
# قبل اسم الملف الجاري العمل عليه
widget-progress-now = الآن:
# بين تاريخَي المدى: «وقت الالتقاط من [تاريخ] إلى [تاريخ]»
widget-date-to = إلى
widget-date-invalid = اكتب التاريخ بالصيغة YYYY-MM-DD، مثلًا 2017-03-22؛ ولن يُعتدّ به قبل ذلك
widget-capture-invalid = اكتب التاريخ بالصيغة YYYY-MM-DD، مثلًا 2017-03-22، أو حتى الدقيقة مثل 2017-03-22T04:30؛ ولن يُعتدّ به قبل ذلك

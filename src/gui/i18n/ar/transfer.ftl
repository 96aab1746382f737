### النقل: تصدير الحزم واستيرادها، والنسخ الاحتياطي.

## نافذة التصدير (gui::dialogs::export)

export-problem-no-selection = حدِّد مادة أولًا (Ctrl+نقر لتحديد عدة مواد).
export-problem-no-case = اختر القضية المراد تصديرها.
# $key: بداية سطر ملصق ليس مفتاحًا (حتى ٤٠ حرفًا)
export-problem-not-a-key = «{ $key }» ليس مفتاحًا عامًا (يجب أن يبدأ بـ age1… أو ssh-ed25519).
export-problem-no-recipient = اختر جهة اتصال محفوظة أو الصق مفتاحًا عامًا واحدًا على الأقل.
# $error: سبب رفض عبارة المرور
export-problem-passphrase = عبارة مرور الحزمة: { $error }
export-problem-no-file = اختر مكان حفظ الحزمة.
export-problem-relative-path = اكتب المسار الكامل لملف الحزمة (يبدأ بـ /)، أو استخدم «اختيار مكان الحفظ…».
export-unavailable = التصدير غير متاح في هذا الإصدار بعد: ما زال العمل جاريًا على صيغة الحزم. لم يتغيّر شيء في خزنتك.
# بجانب شريط التقدّم أثناء كتابة الحزمة
export-progress = جارٍ التصدير
export-cancel = إلغاء التصدير
# $items: عدد المواد مصوغًا («١٣ مادة»)؛ $size: الحجم؛ يلي ذلك المسار في سطر مستقل
export-done = صُدِّرت { $items } ({ $size }) إلى:
export-sha256-heading = بصمة SHA-256 لملف الحزمة
export-copy-sha256 = نسخ بصمة SHA-256 للحزمة
export-sha256-advice = أرسل هذه البصمة إلى المستلِم عبر قناة أخرى (بالهاتف أو شخصيًا). إن اختلفت البصمة لديه، فقد عُدِّلت الحزمة في الطريق.
# $error: نص الخطأ من المكتبة
export-failed = فشل التصدير: { $error }
export-what-heading = ما المراد تصديره
# $count: عدد المواد المحدَّدة
export-scope-selection = { $count ->
    [zero] المواد المحدَّدة ({ $count })
    [one] المادة المحدَّدة ({ $count })
    [two] المادتان المحدَّدتان ({ $count })
    [few] المواد المحدَّدة ({ $count })
    [many] المواد المحدَّدة ({ $count })
   *[other] المواد المحدَّدة ({ $count })
}
export-scope-case = قضية كاملة
export-case-none = اختر…
export-case-label = القضية المراد تصديرها
# $items: عدد مواد الخزنة مصوغًا («١٣ مادة»)
export-scope-all = كل ما في الخزنة ({ $items })
export-who-heading = من يستطيع فتحها
export-to-keys = أصحاب هذه المفاتيح العامة (موصى به)
export-to-passphrase = كل من يعرف عبارة مرور (حين لا يملك المستلِم مفتاحًا)
export-passphrase = عبارة مرور الحزمة
export-passphrase-repeat = أعد كتابة عبارة مرور الحزمة
export-passphrase-advice = أبلِغ المستلِم بعبارة المرور هذه عبر قناة غير التي تُرسَل بها الحزمة.
# جهة اتصال محفوظة: $name ثم أول ١٦ حرفًا من مفتاحها العام
export-contact = { $name } ({ $key }…)
# $name: اسم جهة الاتصال
export-contact-remove = حذف جهة الاتصال { $name }
export-paste-keys = الصق المفاتيح العامة (مفتاح في كل سطر: age1… أو ssh-ed25519 …)
export-save-contact-label = حفظ المفتاح الأول جهةَ اتصال باسم
export-save-contact-hint = الاسم
export-save-contact = حفظ جهة الاتصال
export-where-heading = مكان الحفظ
export-choose-file = اختيار مكان الحفظ…
export-file = ملف الحزمة
export-start = تصدير

## التصدير وجهات الاتصال في الإشعارات (gui::actions::bundles)

# $items: «١٣ مادة»؛ $path: ملف الحزمة؛ $sha256: بصمته
export-notice-done = صُدِّرت { $items } إلى { $path } (بصمة SHA-256: { $sha256 }).
# $name: اسم جهة الاتصال
export-contact-saved = حُفظ { $name } جهةَ اتصال.

## نافذة الاستيراد (gui::dialogs::import)

import-unavailable = الاستيراد غير متاح في هذا الإصدار بعد: ما زال العمل جاريًا على صيغة الحزم. لم يتغيّر شيء في خزنتك.
# $count: عدد مواد الحزمة، وكلها موجودة أصلًا في هذه الخزنة
import-nothing-new = لا شيء للاستيراد: كل ما في هذه الحزمة ({ $count ->
        [zero] لا مواد
        [one] مادة واحدة
        [two] مادتان
        [few] { $count } مواد
        [many] { $count } مادة
       *[other] { $count } مادة
    }) موجود أصلًا في هذه الخزنة مع سجلات حيازته. لم يُغيَّر شيء ولم يُسجَّل شيء.
import-not-committed = لم يُستورَد شيء: لم تجتز الحزمة التحقق أثناء قراءتها. يذكر التقرير كل مشكلة.
# $count: المواد المضافة؛ $present: المواد التي كانت موجودة أصلًا في هذه الخزنة
import-done = تم الاستيراد: { $count ->
        [zero] لا مواد جديدة
        [one] مادة جديدة واحدة
        [two] مادتان جديدتان
        [few] { $count } مواد جديدة
        [many] { $count } مادة جديدة
       *[other] { $count } مادة جديدة
    }، وعدد الموجود أصلًا في هذه الخزنة: { $present }. لكل مادة حدث «استيراد» في سجل حيازتها.
# $error: السبب (نص المكتبة)
import-failed = لم يُستورَد شيء: { $error }
import-choose = اختيار حزمة…
import-file = ملف الحزمة
import-passphrase = عبارة مرور الحزمة (فقط إن استخدم المرسِل عبارة مرور)
import-passphrase-advice = الحزم المرسَلة إلى المفتاح العام لهذه الخزنة تُفتح دون عبارة مرور.
import-check = التحقق من الحزمة
import-progress-check = جارٍ فك التشفير والتحقق
import-progress = جارٍ الاستيراد
import-report-stale = التقرير أدناه يخص ملفًا آخر؛ تحقّق من هذا الملف أولًا.
# $error: السبب (نص المكتبة)
import-check-failed = تعذّر التحقق من الحزمة: { $error }
import-start = استيراد
import-start-disabled = تحقّق من الحزمة أولًا؛ لا يمكن استيراد إلا حزمة اجتازت التحقق
import-close = إغلاق

## تقرير التحقق من الحزمة (gui::dialogs::import)

# $items: عدد المواد مصوغًا («١٣ مادة»)
import-verifies = اجتازت الحزمة التحقق: { $items }، وكل البصمات وسجلات الحيازة والتوقيع سليمة.
import-does-not-verify = الحزمة لم تجتز التحقق. لا يمكن استيرادها.
# $key: بصمة مفتاح التوقيع (SHA256:…)
import-signed-by = موقَّعة بالمفتاح { $key }
import-sha256-heading = بصمة SHA-256 لملف الحزمة
import-sha256-advice = قارنها بالبصمة التي ظهرت للمرسِل عند التصدير (بالهاتف أو شخصيًا): تطابقهما يعني أن هذا هو الملف نفسه الذي أعدّه.
# عناوين أعمدة جدول المواد
import-column-result = النتيجة
import-column-name = الاسم
import-column-size = الحجم
import-column-sha256 = SHA-256
import-column-details = التفاصيل
import-row-verified = متحقَّق منها
import-row-failed = فشل التحقق
# $id: معرّف المادة
import-row-item = المادة { $id }

## الاستيراد في الإشعارات (gui::actions::bundles)

import-notice-nothing-new = لا شيء للاستيراد: كل ما في الحزمة موجود أصلًا في هذه الخزنة.
# $count: المواد المضافة؛ $present: المواد الموجودة أصلًا
import-notice-done = تم الاستيراد: { $count ->
        [zero] لا مواد جديدة
        [one] مادة جديدة واحدة
        [two] مادتان جديدتان
        [few] { $count } مواد جديدة
        [many] { $count } مادة جديدة
       *[other] { $count } مادة جديدة
    }، وعدد الموجود أصلًا في هذه الخزنة: { $present }.
import-notice-not-verified = لم يُستورَد شيء: لم تجتز الحزمة التحقق أثناء قراءتها.

## نتائج التحقق من الحزمة (gui::bundle_library)

bundle-need-passphrase = هذه الحزمة محمية بعبارة مرور. اكتبها في حقل عبارة المرور ثم تحقّق مرة أخرى.
bundle-no-matching-key = لا تستطيع هذه الخزنة فتح الحزمة: شُفِّرت لمفتاح شخص آخر (أو بعبارة مرور مختلفة). اطلب من المرسِل تصديرها إلى المفتاح العام لهذه الخزنة.
bundle-bad-signature = التوقيع على بيان محتويات الحزمة غير صحيح: لا يمكن الوثوق بمحتوياتها.
bundle-item-verified = بصمة SHA-256 وسجل الحيازة متحقَّق منهما
bundle-problem-separator = {"؛ "}
bundle-item-ok = سليمة
# $expected: البصمة المدرجة في البيان؛ $found: بصمة المحتوى
bundle-hash-mismatch = بصمة SHA-256 غير مطابقة: المدرجة { $expected }، وبصمة المحتوى { $found }
bundle-item-missing = مدرجة لكنها مفقودة من الحزمة
bundle-item-unlisted = موجودة في الحزمة لكنها غير مدرجة
# $problems: ما في سجل حيازة المادة من خلل (نص المكتبة)
bundle-bad-chain = سجل الحيازة: { $problems }
bundle-item-bad-signature = لا يشملها توقيع صحيح
# $expected، $found: الحجمان بالبايت
bundle-size-mismatch = الحجم غير مطابق: المدرج بالبايت { $expected }، والموجود { $found }

## نافذة النسخ الاحتياطي (gui::dialogs::backup)

backup-intro = النسخة الاحتياطية نسخة من الخزنة كلها، وتبقى مشفّرة: تُفتح بعبارة المرور نفسها. لا يُنسخ إلا ما ينقص النسخة الاحتياطية، ويُتحقَّق من كل ملف منسوخ، ولا يُحذف منها شيء ولا يُكتب فوقه أبدًا.
backup-target = النسخ الاحتياطي إلى
backup-target-hint = /media/…/vault-backup   أو   rclone:REMOTE:PATH
backup-choose-folder = اختيار مجلد…
backup-remote-advice = يحتاج الموقع البعيد (SFTP أو S3 أو WebDAV…) إلى برنامج rclone وإلى موقع بعيد مُعَدّ بالأمر «rclone config».
backup-running-advice = يمكنك إغلاق هذه النافذة؛ يستمر النسخ الاحتياطي ويظهر في شريط الحالة.
backup-cancel = إلغاء النسخ الاحتياطي
backup-start = بدء النسخ الاحتياطي
backup-check = التحقق من هذه النسخة الاحتياطية
backup-check-hover = مقارنة كل ملف في النسخة الاحتياطية بالخزنة؛ لا يُكتب فيها شيء
# $time: وقت انتهائها (بالتوقيت المحلي)؛ $ago: «قبل ٣ أيام»؛ $target: المجلد أو موقع rclone
backup-last = آخر نسخة احتياطية مكتملة: { $time } ({ $ago })، إلى { $target }
backup-never = لا توجد لهذه الخزنة نسخة احتياطية مكتملة بعد.
# قبل حقل عدد الأيام، ويليه «يومًا/أيام»
backup-reminder = ذكِّرني عندما يمضي على آخر نسخة احتياطية أكثر من
# بعد حقل العدد؛ $count: عدد الأيام فيه
backup-reminder-days = { $count ->
    [zero] يوم
    [one] يوم
    [two] يومين
    [few] أيام
    [many] يومًا
   *[other] يوم
}
# $error: السبب (نص المكتبة)
backup-failed = لم يكتمل النسخ الاحتياطي: { $error }
# $copied: الملفات المنسوخة؛ $size: حجمها؛ $present: الملفات الموجودة أصلًا؛ $time: المدة؛ $change: رقم التغيير في الخزنة
backup-summary = { $copied ->
        [zero] لم يُنسخ أي ملف
        [one] نُسخ ملف واحد
        [two] نُسخ ملفان
        [few] نُسخت { $copied } ملفات
        [many] نُسخ { $copied } ملفًا
       *[other] نُسخ { $copied } ملف
    } ({ $size })، وعدد الملفات الموجودة أصلًا: { $present }، خلال { $time }. تحفظ النسخة الاحتياطية الخزنةَ كما كانت عند التغيير رقم { $change }.
# $target: المجلد أو الموقع البعيد؛ $summary: الملخّص (backup-summary)
backup-complete = اكتمل النسخ الاحتياطي إلى { $target }: { $summary }
backup-incomplete = النسخة الاحتياطية في { $target } غير مكتملة: هذه الملفات فيها تختلف عن الخزنة وتُركت على حالها. لا تحذفها؛ انسخ احتياطيًا إلى قرص آخر، واحتفظ بهذا القرص لمن سيفحصه. { $summary }
# عنوان قائمة ملفات؛ $count: عددها
backup-list-altered = { $count ->
    [zero] لا ملفات معدَّلة:
    [one] ملف واحد معدَّل:
    [two] ملفان معدَّلان:
    [few] { $count } ملفات معدَّلة:
    [many] { $count } ملفًا معدَّلًا:
   *[other] { $count } ملف معدَّل:
}
# $path: الملف الذي حُفظ فيه الفهرس السابق
backup-base-kept = احتُفظ بالفهرس السابق للنسخة الاحتياطية في { $path } (ضُغطت الخزنة).
# $error: السبب (نص المكتبة)
backup-check-failed = تعذّر التحقق من النسخة الاحتياطية: { $error }
# $count: الملفات المتحقَّق منها؛ $size: حجمها؛ $method: طريقة المقارنة (sha256، probe، download…)؛ $time: المدة
backup-check-summary = { $count ->
        [zero] لم يُتحقَّق من أي ملف
        [one] تُحقِّق من ملف واحد
        [two] تُحقِّق من ملفين
        [few] تُحقِّق من { $count } ملفات
        [many] تُحقِّق من { $count } ملفًا
       *[other] تُحقِّق من { $count } ملف
    } ({ $size }، والمقارنة بطريقة { $method }) خلال { $time }.
# $target: المجلد أو الموقع البعيد؛ $summary: الملخّص (backup-check-summary)
backup-check-ok = النسخة الاحتياطية في { $target } تحوي كل ملفات الخزنة دون تغيير. { $summary }
backup-check-bad = النسخة الاحتياطية في { $target } ليست محدَّثة أو ليست سليمة. { $summary }
# عناوين قوائم ملفات؛ $count: عددها
backup-check-altered = { $count ->
    [zero] لا ملفات معدَّلة
    [one] ملف واحد معدَّل
    [two] ملفان معدَّلان
    [few] { $count } ملفات معدَّلة
    [many] { $count } ملفًا معدَّلًا
   *[other] { $count } ملف معدَّل
} (تالفة: أبقِها على حالها، وانسخ احتياطيًا إلى قرص آخر):
backup-check-missing = { $count ->
    [zero] لا ملفات مفقودة
    [one] ملف واحد مفقود
    [two] ملفان مفقودان
    [few] { $count } ملفات مفقودة
    [many] { $count } ملفًا مفقودًا
   *[other] { $count } ملف مفقود
} (لم تُنسخ احتياطيًا بعد: انسخ احتياطيًا الآن):
backup-check-outdated = { $count ->
    [zero] لا ملفات قديمة
    [one] ملف واحد قديم
    [two] ملفان قديمان
    [few] { $count } ملفات قديمة
    [many] { $count } ملفًا قديمًا
   *[other] { $count } ملف قديم
} (ستُحدِّثها النسخة الاحتياطية التالية):
# بعد أول ٢٠ ملفًا من القائمة؛ $count: عدد الباقي
backup-list-more = … { $count ->
    [zero] ولا ملفات أخرى
    [one] وملف آخر
    [two] وملفان آخران
    [few] و{ $count } ملفات أخرى
    [many] و{ $count } ملفًا آخر
   *[other] و{ $count } ملف آخر
}

## النسخ الاحتياطي في الإشعارات (gui::actions::backup)

# «ملف واحد»، «١٢ ملفًا»: تُستعمل في الإشعارات أدناه
backup-files = { $count ->
    [zero] لا ملفات
    [one] ملف واحد
    [two] ملفان
    [few] { $count } ملفات
    [many] { $count } ملفًا
   *[other] { $count } ملف
}
# $copied، $present: عدد الملفات (backup-files)؛ $size: الحجم المنسوخ
backup-notice-complete = اكتمل النسخ الاحتياطي: المنسوخ { $copied } ({ $size })، والموجود أصلًا { $present }.
# $count: الملفات المعدَّلة. «النسخ الاحتياطي» هو الزر الذي يفتح نافذته.
backup-notice-incomplete = النسخة الاحتياطية غير مكتملة: { $count ->
        [zero] لا ملفات فيها تختلف
        [one] فيها ملف واحد يختلف
        [two] فيها ملفان يختلفان
        [few] فيها { $count } ملفات تختلف
        [many] فيها { $count } ملفًا يختلف
       *[other] فيها { $count } ملف يختلف
    } عن الخزنة (انظر «النسخ الاحتياطي»).
# $files: عدد الملفات (backup-files)
backup-notice-checked = تحوي النسخة الاحتياطية كل ملفات الخزنة (الملفات المتحقَّق منها: { $files }).
backup-notice-check-bad = النسخة الاحتياطية غير مكتملة أو ليست سليمة (انظر «النسخ الاحتياطي»).
backup-need-target = اختر مجلدًا للنسخة الاحتياطية (على قرص خارجي)، أو اكتب rclone:REMOTE:PATH.
# $target: ما كتبه المستخدم
backup-relative-path = اكتب المسار الكامل لمجلد النسخة الاحتياطية (يبدأ بـ /)، لا «{ $target }».

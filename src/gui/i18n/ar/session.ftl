# session: status-bar notices, job names and the messages of the open vault's session
# (gui::session and gui::actions).

## الجلسة (gui::session::mod)

session-demo-vault = الخزنة التجريبية
notice-draft-write-failed = تعذّر حفظ ما كتبته على القرص ({ $error })؛ لكنه ما زال هنا — احفظه في الخزنة.
notice-drafts-unreadable = تعذّرت قراءة المسودات المحفوظة من قبل ({ $error })؛ وقد تُركت كما هي.
notice-drafts-refused = { $count ->
    [zero] لم يُرفض أي ملف مسودة.
    [one] ملف مسودة واحد لم تكتبه هذه الخزنة، فلم يُفتح وتُرك كما هو: { $files }
    [two] ملفّا مسودة لم تكتبهما هذه الخزنة، فلم يُفتحا وتُركا كما هما: { $files }
    [few] { $count } ملفات مسودات لم تكتبها هذه الخزنة، فلم تُفتح وتُركت كما هي: { $files }
    [many] { $count } ملفًا من ملفات المسودات لم تكتبها هذه الخزنة، فلم تُفتح وتُركت كما هي: { $files }
   *[other] { $count } ملف مسودة لم تكتبها هذه الخزنة، فلم تُفتح وتُركت كما هي: { $files }
}
draft-refused-file = { $path } ({ $reason })
draft-refused-separator = {"؛ "}
draft-restored-note-untitled = الملاحظة التي كنت تكتبها
draft-restored-note = الملاحظة «{ $title }»
draft-restored-incident-untitled = الحادثة التي كنت تكتبها
draft-restored-incident = الحادثة «{ $title }»
draft-restored-edit = تغييراتك غير المحفوظة على مادة (معروضة في لوحتها)
draft-restored-and = {" و"}
notice-drafts-restored = حُفظ ما يلي أثناء قفل الخزنة وفُتح من جديد: { $what }. لم يُحفظ شيء منه في الخزنة بعد.
session-item-read-failed = تعذّرت قراءة هذه المادة: { $error }

## نموذج تعديل المادة (gui::session::drafts)

edit-event-date-invalid = يجب أن يُكتب تاريخ الحدث بالصيغة YYYY-MM-DD، مثل 2017-03-22.

## قراءة الحوادث (gui::session::incidents)

session-incidents-read-failed = تعذّرت قراءة الحوادث: { $error }
session-incident-read-failed = تعذّرت قراءة هذه الحادثة: { $error }

## البحث (gui::session::query)

session-search-failed = فشل البحث: { $error }
session-rows-read-failed = تعذّرت قراءة المواد من الفهرس: { $error }

## الأعمال الجارية (gui::session::jobs)

job-intake = إضافة الأدلة
job-verify = التحقق من الخزنة
job-export = تصدير حزمة
job-check-bundle = التحقق من حزمة
job-import = استيراد حزمة
job-save-note = حفظ الملاحظة
job-save-edits = حفظ التغييرات
job-extract = حفظ نسخة من الأصل
job-change-passphrase = تغيير عبارة المرور
job-backup = النسخ الاحتياطي
job-check-backup = التحقق من النسخة الاحتياطية
job-derive = إنشاء المعاينات
job-bulk-edit = تغيير المواد المحددة
job-save-incident = حفظ الحادثة

## النقر على النتائج (gui::actions::selection)

notice-open-other-unsaved = احفظ تغييرات هذه المادة أو تجاهلها أولًا، ثم افتح المادة الأخرى.

## المعاينات المُنشأة في الخلفية (gui::actions::previews)

notice-previews-failed = { $count ->
    [zero] لم يتعذّر إنشاء أي معاينة.
    [one] تعذّر إنشاء معاينة واحدة (المادة نفسها سليمة؛ انظر المادة).
    [two] تعذّر إنشاء معاينتين (المادتان نفسهما سليمتان؛ انظر كلًّا منهما).
    [few] تعذّر إنشاء { $count } معاينات (المواد نفسها سليمة؛ انظر كل مادة).
    [many] تعذّر إنشاء { $count } معاينة (المواد نفسها سليمة؛ انظر كل مادة).
   *[other] تعذّر إنشاء { $count } معاينة (المواد نفسها سليمة؛ انظر كل مادة).
}
notice-previews-error = تعذّر إنشاء المعاينات: { $error }. المواد سليمة، وستُعاد المحاولة في المرة القادمة.

## الملاحظات (gui::actions::notes)

notice-note-not-saved = لم تُحفظ الملاحظة: { $error }. نصّك ما زال هنا؛ حاول مرة أخرى.
notice-note-saved = حُفظت الملاحظة في الخزنة.

## المادة المفتوحة والمواد المحددة (gui::actions::edits)

notice-edits-not-saved = لم تُحفظ التغييرات: { $error }. تعديلاتك ما زالت في النموذج؛ حاول مرة أخرى.
notice-edits-saved = حُفظت التغييرات وسُجّلت في سجل الحيازة.
notice-copy-not-saved = لم تُحفظ النسخة: { $error }
notice-copy-saved = حُفظت نسخة من الأصل في { $path } (وسُجّل ذلك في سجل الحيازة).
notice-bulk-not-changed = لم تُغيَّر المواد المحددة: { $error }. لم يتغير شيء؛ حاول مرة أخرى.
notice-bulk-done = { $count ->
    [zero] لا شيء يحتاج إلى تغيير: للمواد المحددة هذه القضية وهذه الوسوم من قبل.
    [one] تغيّرت مادة واحدة (يسجّل سجل حيازتها التغيير).
    [two] تغيّرت مادتان (يسجّل سجل حيازة كلٍّ منهما تغييرها).
    [few] تغيّرت { $count } مواد (يسجّل سجل حيازة كلٍّ منها تغييرها).
    [many] تغيّرت { $count } مادة (يسجّل سجل حيازة كلٍّ منها تغييرها).
   *[other] تغيّرت { $count } مادة (يسجّل سجل حيازة كلٍّ منها تغييرها).
}

## إضافة الأدلة (gui::actions::intake)

notice-intake-added = { $count ->
    [zero] لم تُضَف أي مادة
    [one] أُضيفت مادة واحدة
    [two] أُضيفت مادتان
    [few] أُضيفت { $count } مواد
    [many] أُضيفت { $count } مادة
   *[other] أُضيفت { $count } مادة
}
notice-intake-added-cancelled = { $count ->
    [zero] لم تُضَف أي مادة قبل أن تُلغي العملية
    [one] أُضيفت مادة واحدة قبل أن تُلغي العملية
    [two] أُضيفت مادتان قبل أن تُلغي العملية
    [few] أُضيفت { $count } مواد قبل أن تُلغي العملية
    [many] أُضيفت { $count } مادة قبل أن تُلغي العملية
   *[other] أُضيفت { $count } مادة قبل أن تُلغي العملية
}
notice-intake-done = { $added }.
notice-intake-failures = { $count ->
    [zero] { $added }.
    [one] { $added }؛ وتعذّرت إضافة ملف واحد (انظر التقرير).
    [two] { $added }؛ وتعذّرت إضافة ملفين (انظر التقرير).
    [few] { $added }؛ وتعذّرت إضافة { $count } ملفات (انظر التقرير).
    [many] { $added }؛ وتعذّرت إضافة { $count } ملفًا (انظر التقرير).
   *[other] { $added }؛ وتعذّرت إضافة { $count } ملف (انظر التقرير).
}
notice-stopping = سيتوقف العمل بعد الملف الحالي…

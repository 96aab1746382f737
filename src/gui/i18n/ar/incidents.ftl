# incidents

## كلمات مشتركة (incident_page): الحالات، أدوار الربط، مصدر الإحداثيات، الضحايا

# حالة مراجعة الحادثة: في القوائم وفي الشارة وفي الجمل
incident-status-incoming = واردة
incident-status-in-review = قيد المراجعة
incident-status-verified = متحقَّق منها
incident-status-disputed = متنازَع عليها
incident-status-discarded = مستبعَدة
# دور المادة المربوطة بالحادثة (تأتي بعد «بصفة» وبين قوسين بعد عنوان المادة)
incident-role-primary = أساسية
incident-role-supporting = داعمة
incident-role-context = سياقية
# كيف حُدِّدت إحداثيات الحادثة (بين قوسين بعد الإحداثيات)
incident-place-reported = كما وردت في المصادر
incident-place-item-gps = من إحداثيات GPS في المواد
incident-place-map = محدَّدة على الخريطة
incident-place-estimated = تقديرية
# فئات الضحايا: عناوين الصفوف وحقول النموذج
incident-casualty-killed = قتلى
incident-casualty-injured = جرحى
incident-casualty-missing = مفقودون
incident-casualty-detained = محتجزون
# مدة زمنية كما كتبها الموثِّق: $from و$to تاريخان مثل 2017-03-21
incident-when-range = من { $from } إلى { $to }
# أجزاء رقم الضحايا: «20 (أطفال 5، نساء 3)، بحسب مشفى الطبقة»
incident-figure-children = أطفال { $count }
incident-figure-women = نساء { $count }
# $total: العدد؛ $parts: التفاصيل أعلاه
incident-figure-parts = { $total } ({ $parts })
# $figure: العدد مع تفاصيله؛ $source: مصدر الرقم (نص المستخدم)
incident-figure-source = { $figure }، بحسب { $source }
# بين عناصر قائمة على سطر واحد (تصنيفات، أسماء، وسوم)
incident-list-separator = {"، "}

## صفحة الحادثة (incident_page)

incident-page-empty = اختر حادثة لعرض جميع حقولها والأدلة المربوطة بها وسجل حيازتها.
incident-page-reading = جارٍ القراءة…
incident-section-what = ما الذي حدث
# $count: عدد المواد المربوطة هنا وفي خزائن أخرى
incident-section-linked = الأدلة المربوطة ({ $count })
incident-section-history = سجل المراجعة
incident-section-custody = سجل الحيازة
# أول 8 محارف من معرّف الحادثة (بحروف لاتينية)
incident-id = الحادثة { $id }
incident-edit = تعديل…
incident-edit-hover = تعديل حقولها (يحتفظ سجل الحيازة بالقيم السابقة)
incident-close = إغلاق
incident-status-change-to = تغيير الحالة إلى
incident-status-reason = السبب
incident-status-reason-hint = مَن أكّدها، وما المتنازَع عليه، وما الناقص
incident-status-record = تسجيل الحالة
incident-status-record-hover = تُقيَّد موقَّعةً في سجل حيازة الحادثة مع اسمك والوقت
# عناوين صفوف «ما الذي حدث»
incident-row-when = الزمان
incident-when-unknown = غير معروف
incident-row-place = المكان
incident-row-coordinates = الإحداثيات
# $gps: الإحداثيات؛ $source: كيف حُدِّدت (incident-place-…)
incident-coordinates-value = { $gps } ({ $source })
incident-row-violation = نوع الانتهاك
incident-row-site = نوع الموقع
incident-row-weapon = السلاح
incident-row-perpetrators = الجهات المسؤولة
incident-row-sources = المصادر
# بين المصادر على سطر واحد
incident-sources-separator = {"؛ "}
incident-row-case = القضية
incident-row-tags = الوسوم
incident-row-recorded = سُجِّلت
# $time: التاريخ والوقت؛ $name: الموثِّق الذي سجّلها
incident-recorded-value = { $time } بواسطة { $name }
incident-summary = الملخّص
incident-summary-ar = الملخّص (بالعربية)
# سجل المراجعة
incident-history-none = لم تُراجَع بعد: ما زالت حالتها «واردة».
# قبل الحالة الجديدة (تُعرض بعدها بخط بارز): «من قيد المراجعة إلى متحقَّق منها»
incident-history-from = من { $status } إلى
# $actor: من غيّرها؛ $reason: السبب (نص المستخدم)
incident-history-by = بواسطة { $actor }: { $reason }
# الأدلة المربوطة
incident-linked-none = لم تُربط بها أدلة بعد: حدِّد مواد في شبكة الأدلة واستخدم «ربط بحادثة…».
incident-unlink = فكّ الربط
# $item: عنوان المادة أو اسم ملفها
incident-unlink-hover = فكّ ربط { $item }
incident-elsewhere = { $count ->
    [zero] لا مواد مربوطة في خزنة أخرى وغائبة هنا:
    [one] مادة واحدة مربوطة في خزنة أخرى وليست هنا (لم تحملها الحزمة):
    [two] مادتان مربوطتان في خزنة أخرى وليستا هنا (لم تحملهما الحزمة):
    [few] { $count } مواد مربوطة في خزنة أخرى وليست هنا (لم تحملها الحزمة):
    [many] { $count } مادة مربوطة في خزنة أخرى وليست هنا (لم تحملها الحزمة):
   *[other] { $count } مادة مربوطة في خزنة أخرى وليست هنا (لم تحملها الحزمة):
}
# $hash: بداية بصمة SHA-256؛ $role: incident-role-…
incident-elsewhere-item = بصمة SHA-256 { $hash }… ({ $role })
# $item: عنوان المادة أو اسم ملفها؛ $role: incident-role-…
incident-tile-hover = { $item } ({ $role }): اعرضها مع الأدلة

## قائمة الحوادث ومرشِّحاتها (incidents_view)

incidents-search = البحث في الحوادث
incidents-search-hint = كلمات من العناوين والأماكن والجهات المسؤولة والمصادر (Ctrl+F)
incidents-status = الحالة
incidents-all-statuses = كل الحالات
incidents-violation = نوع الانتهاك
incidents-site = نوع الموقع
incidents-all = الكل
incidents-case = القضية
incidents-all-cases = كل القضايا
incidents-from-day = من يوم
incidents-clear-filters = مسح التصفية
incidents-new = حادثة جديدة…
incidents-new-hover-none = تسجيل حادثة (حدِّد الأدلة أولًا: تُربط بها، ويُقترح تاريخها ومكانها)
incidents-new-hover-selection = تسجيل حادثة تُربط بها الأدلة المحدَّدة
incidents-count = { $count ->
    [zero] لا حوادث
    [one] حادثة واحدة
    [two] حادثتان
    [few] { $count } حوادث
    [many] { $count } حادثة
   *[other] { $count } حادثة
}
# بعد عدد الحوادث
incidents-match-filters = تطابق التصفية
incidents-no-match = لا حادثة مطابقة
incidents-no-match-hint = جرّب كلمات أقل، أو امسح التصفية.
incidents-none = لا حوادث بعد
incidents-none-explain = الحادثة هي ما وقع (غارة، احتجاز) بتاريخه ومكانه وضحاياه ومصادره، مربوطًا بالأدلة التي تُظهره.
incidents-none-how = حدِّد أدلة في الشبكة واختر «ربط بحادثة…»، أو:
incidents-record-first = تسجيل أول حادثة…
# عناوين الأعمدة
incidents-col-title = العنوان
incidents-col-status = الحالة
incidents-col-when = الزمان
incidents-col-killed = قتلى
incidents-col-items = المواد
incidents-col-place = المكان
incidents-open-hover = فتح هذه الحادثة

## نموذج الحادثة (dialogs/incident_form، incident_form_view)

iform-save-changes = حفظ التغييرات
iform-save = حفظ الحادثة
iform-discard = تجاهل
iform-discard-hover = التخلّص من هذا النموذج (مفتاح Escape يغلقه ويحتفظ به لوقت لاحق)
iform-casualty-hint = الضحايا: العدد الإجمالي، ثم تفصيله ومصدر الرقم بالكلمات المفتاحية الإنكليزية، مثلًا: 20, children=5, women=3, source=مشفى الطبقة
# يليه اختيار الدور (أساسية، داعمة، سياقية)
iform-items-linked-as = { $count ->
    [zero] لا مواد ستُربط، بصفة
    [one] ستُربط مادة واحدة بصفة
    [two] ستُربط مادتان بصفة
    [few] ستُربط { $count } مواد بصفة
    [many] ستُربط { $count } مادة بصفة
   *[other] ستُربط { $count } مادة بصفة
}
iform-proposing = جارٍ قراءة تواريخها وأماكنها…
iform-title-en = العنوان (بالإنكليزية)
iform-title-en-hint = بالإنكليزية، مثلًا: Airstrike on the bakery, Tabqa
iform-title-ar = العنوان (بالعربية)
iform-title-ar-hint = مثلًا: غارة على المخبز، الطبقة
iform-when = الزمان
iform-when-hint = 2017-03-22، 2017-03، 2017-03-21/2017-03-22، 2017-03-22T14:30
iform-case = القضية
iform-case-hint = مثلًا TABQA-2017-03
iform-place = مكان الحادثة
iform-place-hint = الحي، البلدة، المحافظة
iform-latitude = خط العرض
iform-longitude = خط الطول
iform-coordinates-from = مصدر الإحداثيات
iform-types = أنواع الانتهاك
iform-sites = أنواع المواقع
iform-weapons = الأسلحة
iform-perpetrators = الجهات المسؤولة (تفصل بينها فواصل)
iform-perpetrators-hint = كما تسمّيها المصادر
iform-sources = المصادر (مصدر في كل سطر)
iform-summary-en = الملخّص (بالإنكليزية)
iform-summary-ar = الملخّص (بالعربية)
iform-tags = الوسوم (تفصل بينها فواصل)
iform-look-alike = تبدو هذه الحادثة مسجَّلة من قبل (المكان نفسه والأيام نفسها):
iform-open-it = فتحها
iform-open-it-hover = مغادرة هذا النموذج (دون حفظ أي شيء) وفتح تلك الحادثة
iform-save-anyway = حفظ على أي حال
iform-save-anyway-hover = إنها حادثة مختلفة: احفظها حادثةً جديدة
iform-keep-editing = متابعة التحرير
iform-suggestions = موجود في الخزنة:
iform-suggestion-hover = استخدام هذا الإملاء
# قائمة مفردات لم يُختر منها شيء
iform-none = (لا شيء)
iform-role = دور المواد
# $error: سبب المكتبة (بالإنكليزية حاليًا)
iform-proposal-failed = تعذّرت قراءة تواريخ المواد وأماكنها ({ $error })؛ املأها يدويًا.
iform-error-when = الزمان: { $error }
# $field: فئة الضحايا (incident-casualty-…)؛ $error: سبب المكتبة
iform-error-figure = { $field }: { $error }
# $name: خط العرض أو خط الطول؛ $text: ما كُتب
iform-error-coordinate = { $name } «{ $text }» ليس عددًا: اكتبه بالدرجات العشرية، مثلًا 35.8356

## ربط المواد بحادثة (dialogs/link_incident)

# يليه اختيار الدور (أساسية، داعمة، سياقية)
link-items-selected = { $count ->
    [zero] لم تُحدَّد أي مادة؛ اربطها بصفة
    [one] حُدِّدت مادة واحدة؛ اربطها بصفة
    [two] حُدِّدت مادتان؛ اربطهما بصفة
    [few] حُدِّدت { $count } مواد؛ اربطها بصفة
    [many] حُدِّدت { $count } مادة؛ اربطها بصفة
   *[other] حُدِّدت { $count } مادة؛ اربطها بصفة
}
link-find = البحث عن حادثة
link-find-hint = كلمات من عنوانها أو مكانها، أو قضيتها
link-no-incidents = لا حوادث في هذه الخزنة بعد: ابدأ حادثة من هذه المواد.
link-no-match = لا حادثة مطابقة؛ جرّب كلمات أقل.
# الاسم الذي يسمعه قارئ الشاشة للزر ونص التلميح: $title عنوان الحادثة
link-to = ربط بالحادثة «{ $title }»
link-button = ربط
link-no-date = بلا تاريخ
link-more = { $count ->
    [zero] لا حوادث أخرى.
    [one] حادثة أخرى غير معروضة: اكتب كلمات لتضييق القائمة.
    [two] حادثتان أخريان غير معروضتين: اكتب كلمات لتضييق القائمة.
    [few] { $count } حوادث أخرى غير معروضة: اكتب كلمات لتضييق القائمة.
    [many] { $count } حادثة أخرى غير معروضة: اكتب كلمات لتضييق القائمة.
   *[other] { $count } حادثة أخرى غير معروضة: اكتب كلمات لتضييق القائمة.
}
link-new-from-items = حادثة جديدة من هذه المواد…
link-new-from-items-hover = يُقترح تاريخها ومكانها وقضيتها من المواد

## إشعارات بعد الحفظ والربط وتغيير الحالة (actions/incidents)

incident-form-reopened = عُرضت الحادثة التي كنت تكتبها من جديد: احفظها، أو تجاهلها لتبدأ حادثة أخرى.
incident-still-saving = ما زال حفظ حادثة جاريًا؛ أعد المحاولة بعد لحظات.
# $error: سبب المكتبة (بالإنكليزية حاليًا)
incident-vocab-failed = تعذّرت قراءة المفردات: { $error }
incident-not-saved = لم تُحفظ الحادثة: { $error }.
incident-compare-failed = تعذّرت المقارنة مع الحوادث الأخرى: { $error }
incident-link-failed = لم يُربط شيء: { $error }.
incident-unlink-failed = لم يُفكّ ربط المادة: { $error }.
incident-status-failed = لم تتغيّر الحالة: { $error }.
# $title: عنوان الحادثة؛ $linked: عدد المواد التي رُبطت بها
incident-created = { $linked ->
    [zero] سُجِّلت الحادثة «{ $title }»، وقُيِّد الحدث في سجل حيازتها.
    [one] سُجِّلت الحادثة «{ $title }» مع ربط مادة واحدة بها، وقُيِّد الحدث في سجل حيازتها.
    [two] سُجِّلت الحادثة «{ $title }» مع ربط مادتين بها، وقُيِّد الحدث في سجل حيازتها.
    [few] سُجِّلت الحادثة «{ $title }» مع ربط { $linked } مواد بها، وقُيِّد الحدث في سجل حيازتها.
    [many] سُجِّلت الحادثة «{ $title }» مع ربط { $linked } مادة بها، وقُيِّد الحدث في سجل حيازتها.
   *[other] سُجِّلت الحادثة «{ $title }» مع ربط { $linked } مادة بها، وقُيِّد الحدث في سجل حيازتها.
}
incident-edited = حُفظت التغييرات على «{ $title }» (يقيّد سجل الحيازة القيم السابقة والجديدة).
incident-already-linked = المواد مربوطة بالحادثة «{ $title }» من قبل: لم يتغيّر شيء.
incident-linked = { $count ->
    [zero] لم تُربط أي مادة بالحادثة «{ $title }».
    [one] رُبطت مادة واحدة بالحادثة «{ $title }».
    [two] رُبطت مادتان بالحادثة «{ $title }».
    [few] رُبطت { $count } مواد بالحادثة «{ $title }».
    [many] رُبطت { $count } مادة بالحادثة «{ $title }».
   *[other] رُبطت { $count } مادة بالحادثة «{ $title }».
}
incident-unlinked = فُكّ ربط المادة بالحادثة «{ $title }».
# $status: الحالة الجديدة (incident-status-…)
incident-status-now = صارت حالة «{ $title }»: { $status } (مَن غيّرها ومتى ولماذا مدوَّن في سجل حيازتها).

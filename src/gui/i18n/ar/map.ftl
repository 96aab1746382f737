# الخريطة والخط الزمني وتنبيهات الاتساق.

filters-map = الخريطة
filters-map-hint = المواد ذات إحداثيات GPS والحوادث ذات الإحداثيات على خريطة تعمل دون اتصال، والخط الزمني تحتها
filters-timeline = الخط الزمني
filters-timeline-hint = أوقات الالتقاط وتواريخ الحوادث؛ اسحب فوق الأعمدة لعرض تلك الفترة وحدها

map-canvas = خريطة الأدلة
map-reading = جارٍ قراءة الأماكن والأوقات…
map-read-failed = تعذّرت قراءة الأماكن والأوقات للخريطة: { $error }
map-select-area = تحديد منطقة
map-select-area-hint = اسحب على الخريطة لرسم منطقة: تعرض الشبكة ما يقع فيها وحده، وتُحدَّد تلك المواد لربطها أو وسمها أو تصديرها (السحب مع Shift يفعل الشيء نفسه)
map-fit = ملاءمة
map-fit-hint = عرض كل المواد والحوادث على الخريطة
map-area = المنطقة: { $area }
map-clear-area = × إلغاء المنطقة
map-clear-area-hint = عرض المواد من كل مكان مجدداً
map-counts = { $shown } على الخريطة · { $without } دون GPS · { $incidents ->
    [zero] لا حوادث
    [one] حادثة واحدة
    [two] حادثتان
    [few] { $incidents } حوادث
   *[other] { $incidents } حادثة
} ذات إحداثيات
map-scale-km = { $km } كم
map-scale-m = { $m } م
map-attribution = الخريطة الأساسية: Natural Earth (ملكية عامة)
map-thousands = { $n } ألف
map-point-captured = التُقطت { $when }
map-point-loading = (جارٍ قراءة المادة…)
map-point-hint = انقر لعرضها؛ Ctrl+نقرة تحدّدها
map-cluster = { $count ->
    [zero] لا مواد هنا
    [one] مادة واحدة هنا
    [two] مادتان هنا
    [few] { $count } مواد هنا
   *[other] { $count } مادة هنا
}
map-cluster-hint = انقر للتكبير؛ Ctrl+نقرة تحدّدها كلها
map-incident-hint = انقر لفتح الحادثة

timeline-canvas = الخط الزمني لأوقات الالتقاط
timeline-empty = لا توجد مادة في هذا البحث لها وقت التقاط.
timeline-fit = ملاءمة
timeline-fit-hint = عرض المدى الكامل لأوقات الالتقاط وتواريخ الحوادث
timeline-range = التُقطت من { $from } إلى { $to }
timeline-clear-range = × إلغاء الفترة
timeline-placed = { $count ->
    [zero] لا مواد لها وقت التقاط
    [one] مادة واحدة لها وقت التقاط
    [two] مادتان لهما وقت التقاط
    [few] { $count } مواد لها وقت التقاط
   *[other] { $count } مادة لها وقت التقاط
}
timeline-no-time = · { $count } دون وقت
timeline-implausible = · { $count } غير معقول
timeline-far = · { $count } بعيدة عن تاريخ حادثتها
timeline-far-hint = التُقطت قبل وقت كل حادثة رُبطت بها أو بعده بأكثر من يوم (مرسومة بالبرتقالي)
timeline-bin = { $when }: { $count ->
    [zero] لا مواد
    [one] مادة واحدة
    [two] مادتان
    [few] { $count } مواد
   *[other] { $count } مادة
}
timeline-bin-marked = { $count } منها غير معقول الوقت أو بعيد عن تاريخ حادثته
timeline-brush-hint = اسحب فوق الأعمدة لعرض تلك الفترة وحدها؛ العجلة للتكبير؛ اسحب التواريخ للتنقّل

picker-map-tiles = مربّعات خريطة دون اتصال (MBTiles أو PMTiles)

notice-area-selected = { $count ->
    [zero] لا تقع أي مادة في المنطقة.
    [one] تقع مادة واحدة في المنطقة، وقد حُدِّدت.
    [two] تقع مادتان في المنطقة، وقد حُدِّدتا.
    [few] تقع { $count } مواد في المنطقة، وقد حُدِّدت.
   *[other] تقع { $count } مادة في المنطقة، وقد حُدِّدت.
}
notice-map-tiles-removed = تستخدم الخريطة الخريطة الأساسية المدمجة وحدها.
notice-map-tiles-added = تستخدم الخريطة الآن مربّعات { $name } دون اتصال (التكبير من { $min } إلى { $max }).
notice-map-tiles-failed = تعذّر استخدام { $path } مربّعاتٍ للخريطة: { $error }

settings-map-tiles = مربّعات الخريطة دون اتصال
settings-map-tiles-note = للخريطة دائماً خريطتها الأساسية المدمجة (الدول والمحافظات والأنهار والمدن). للشوارع والمباني، أضف مجموعة مربّعات نقطية تعطيك إياها منظمتك، في ملف MBTiles أو PMTiles. يُقرأ الملف فقط، ولا يُرسَل إلى أي مكان.
settings-map-tiles-none = لا شيء (الخريطة الأساسية المدمجة وحدها)
settings-map-tiles-choose = اختيار ملف مربّعات…
settings-map-tiles-remove = إزالة

detail-hints-heading = يستحق نظرة ثانية
detail-hint-far = إحداثيات GPS الخاصة بها على بعد { $km } كم من مكان الحادثة { $incident } (أكثر من { $radius } كم).
detail-hint-before = التُقطت قبل وقت الحادثة { $incident } بـ{ $duration }.
detail-hint-after = التُقطت بعد وقت الحادثة { $incident } بـ{ $duration }.
detail-hints-note = تنبيه فقط؛ لم يُغيَّر شيء.
span-days = { $n ->
    [zero] صفر يوم
    [one] يوم واحد
    [two] يومين
    [few] { $n } أيام
   *[other] { $n } يوماً
}
span-hours = { $n ->
    [zero] صفر ساعة
    [one] ساعة واحدة
    [two] ساعتين
    [few] { $n } ساعات
   *[other] { $n } ساعة
}
span-minutes = { $n ->
    [zero] صفر دقيقة
    [one] دقيقة واحدة
    [two] دقيقتين
    [few] { $n } دقائق
   *[other] { $n } دقيقة
}

help-map-keys = على الخريطة: السحب، العجلة، الأسهم، + و -
help-map = تحريك الخريطة وتكبيرها
help-map-area-keys = على الخريطة: Shift+سحب
help-map-area = رسم منطقة: لا يُعرض إلا ما يقع فيها، ويُحدَّد
help-timeline-keys = على الخط الزمني: السحب فوق الأعمدة، العجلة، السهمان الأيسر والأيمن، + و -
help-timeline = اختيار فترة من أوقات الالتقاط؛ التكبير والتنقّل في الزمن

"""Full reports in English, Persian and Russian, as the app would pass them."""

from __future__ import annotations

from metrics.reports import KpiTile, PhaseProgress, QuickWin, Report, ReportLabels

TITLES = {
    "en": "First 100 days of support",
    "fa": "صد روز نخست پشتیبانی",
    "ru": "Первые 100 дней поддержки",
}

TREND = [61.0, 63.5, 62.0, 66.0, 68.5, 70.0, 69.0, 72.5]


def english(**changes: object) -> Report:
    report = Report(
        title=TITLES["en"],
        subtitle="Day 30 review",
        language="en",
        date_line="22 Nov 2026",
        phases=[
            PhaseProgress("Days 1-30: Listen and learn", 80, 100),
            PhaseProgress("Days 31-60: Quick wins", 35, 40),
            PhaseProgress("Days 61-100: Build the team", 5, 0),
        ],
        quick_wins=[
            QuickWin("Macros for the ten most common questions", "Done", 100),
            QuickWin("Zendesk views per tier", "In progress", 60),
            QuickWin("Weekly voice-of-customer note to product", "Not started", 0),
        ],
        kpis=[
            KpiTile(
                "First response time",
                "3.2",
                "h",
                "6.5 h",
                "2 h",
                [6.5, 5.8, 4.9, 4.1, 3.2],
                True,
                6.5,
                2,
            ),
            KpiTile("CSAT", "86", "%", "79%", "90%", TREND, True),
            KpiTile(
                "Backlog older than 7 days",
                "214",
                "tickets",
                "180",
                "50",
                [180, 190, 205, 214],
                False,
            ),
            KpiTile("First contact resolution", "71", "%", "65%", "80%", [65, 66, 70, 71], None),
        ],
        risks=[
            "Two senior agents leave in January",
            "The telephony contract renews before the review of alternatives ends",
        ],
        asks=[
            "Approve two temporary hires for the holiday peak",
            "A product owner for the help centre",
        ],
        footer="First 100 Days · prepared by Dana Reyes",
        labels=ReportLabels(),
    )
    return _changed(report, changes)


def persian(**changes: object) -> Report:
    report = Report(
        title=TITLES["fa"],
        subtitle="بازبینی روز ۳۰",
        language="fa",
        date_line="۱ آذر ۱۴۰۵",
        phases=[
            PhaseProgress("روزهای ۱ تا ۳۰: شنیدن و یادگرفتن", 80, 100),
            PhaseProgress("روزهای ۳۱ تا ۶۰: بردهای سریع", 35, 40),
            PhaseProgress("روزهای ۶۱ تا ۱۰۰: ساختن تیم", 5, 0),
        ],
        quick_wins=[
            QuickWin("پاسخ‌های آماده برای ده پرسش پرتکرار", "انجام شد", 100),
            QuickWin("نماهای Zendesk برای هر سطح", "در جریان", 60),
            QuickWin("یادداشت هفتگی صدای مشتری برای تیم محصول", "شروع نشده", 0),
        ],
        kpis=[
            KpiTile(
                "زمان نخستین پاسخ",
                "۳٫۲",
                "ساعت",
                "۶٫۵ ساعت",
                "۲ ساعت",
                [6.5, 5.8, 4.9, 4.1, 3.2],
                True,
                6.5,
                2,
            ),
            KpiTile("رضایت مشتری (CSAT)", "۸۶", "٪", "۷۹٪", "۹۰٪", TREND, True),
            KpiTile(
                "تیکت‌های قدیمی‌تر از ۷ روز", "۲۱۴", "تیکت", "۱۸۰", "۵۰", [180, 190, 205, 214], False
            ),
        ],
        risks=[
            "دو کارشناس ارشد در دی‌ماه می‌روند",
            "قرارداد تلفن پیش از پایان بررسی جایگزین‌ها تمدید می‌شود",
        ],
        asks=["تأیید دو نیروی موقت برای اوج تعطیلات", "یک مالک محصول برای مرکز راهنما"],
        footer="صد روز نخست · تهیه‌شده به دست سارا احمدی",
        labels=ReportLabels(
            plan_progress="پیشرفت برنامه",
            quick_wins="بردهای سریع",
            kpis="شاخص‌ها",
            risks="ریسک‌ها",
            asks="درخواست‌ها",
            quick_win="برد سریع",
            status="وضعیت",
            progress="پیشرفت",
            expected="انتظار تا امروز",
            baseline="خط پایه",
            target="هدف",
            on_track="در مسیر",
            off_track="عقب از مسیر",
            nothing="هنوز چیزی نیست",
            more="و %(count)d مورد دیگر",
        ),
    )
    return _changed(report, changes)


def russian(**changes: object) -> Report:
    report = Report(
        title=TITLES["ru"],
        subtitle="Итоги 30-го дня",
        language="ru",
        date_line="22 ноября 2026",
        phases=[
            PhaseProgress("Дни 1–30: слушать и учиться", 80, 100),
            PhaseProgress("Дни 31–60: быстрые победы", 35, 40),
            PhaseProgress("Дни 61–100: строим команду", 5, 0),
        ],
        quick_wins=[
            QuickWin("Шаблоны ответов на десять частых вопросов", "Готово", 100),
            QuickWin("Представления Zendesk по линиям", "В работе", 60),
        ],
        kpis=[
            KpiTile(
                "Время первого ответа",
                "3,2",
                "ч",
                "6,5 ч",
                "2 ч",
                [6.5, 5.8, 4.9, 4.1, 3.2],
                True,
                6.5,
                2,
            ),
            KpiTile("CSAT", "86", "%", "79%", "90%", TREND, True),
        ],
        risks=["В январе уходят два старших специалиста"],
        asks=["Утвердить двух временных сотрудников на праздники"],
        footer="Первые 100 дней · подготовила Анна Смирнова",
        labels=ReportLabels(
            plan_progress="Ход плана",
            quick_wins="Быстрые победы",
            kpis="Показатели",
            risks="Риски",
            asks="Просьбы",
            quick_win="Быстрая победа",
            status="Статус",
            progress="Готово",
            expected="Ожидается к сегодня",
            baseline="Исходно",
            target="Цель",
            on_track="По плану",
            off_track="Отстаёт",
            nothing="Пока ничего",
            more="и ещё %(count)d",
        ),
    )
    return _changed(report, changes)


def _changed(report: Report, changes: dict[str, object]) -> Report:
    from dataclasses import replace

    return replace(report, **changes) if changes else report  # type: ignore[arg-type]

"""The documents: reservation slip, subscription agreement, contract, and the
visitor registration form."""

from __future__ import annotations

from decimal import Decimal

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from desk.core import labels
from desk.documents.pdf.amounts import rmb_upper
from desk.documents.pdf.data import DealData, ReceiptData, SlipData, VisitorSheet
from desk.documents.pdf.fonts import register
from desk.documents.pdf.styles import grid, label_grid, stylesheet
from desk.documents.pdf.template import Header, build, content_width
from desk.models.enums import PaymentMethod

# The slip's QR code and its text, with the cell's padding.
QR_COLUMN = 34 * mm


def money(v: Decimal | None) -> str:
    return "—" if v is None else f"¥{v:,.2f}"


def _p(text: str, style: str = "body") -> Paragraph:
    return Paragraph(text, stylesheet()[style])


def _cell(text: str, width: float) -> str | Paragraph:
    """Short text is drawn as it is; only text that may need wrapping becomes a
    Paragraph (its layout is most of a document's making time)."""
    fits = register_width(text) < width - 12
    return text if fits else Paragraph(text, stylesheet()["cell"])


def register_width(text: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, register(), 9.5)


def _pairs(rows: list[tuple[str, str, str, str]], widths: list[float]) -> Table:
    t = Table([[_cell(x, w) for x, w in zip(row, widths, strict=True)] for row in rows],
              colWidths=widths)
    style = label_grid()
    for i, (_, _, c, d) in enumerate(rows):
        if not c and not d:  # a long value takes the whole row
            style.add("SPAN", (1, i), (3, i))
            style.add("BACKGROUND", (2, i), (2, i), "white")
    t.setStyle(style)
    return t


class QRCode(Flowable):
    """A QR code drawn as plain rectangles (the graphics module would bring in a
    non-embedded Helvetica)."""

    def __init__(self, payload: str, size: float) -> None:
        super().__init__()
        qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        qr.addData(payload)
        # Any of the eight masks is valid; scoring all of them took most of the time.
        qr.version = qr.calculate_version()
        qr.makeImpl(False, 0)
        self.modules = qr.modules
        self.size = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        n = len(self.modules)
        cell = self.size / (n + 2)  # a quiet zone of one module each side
        path = self.canv.beginPath()
        for r, row in enumerate(self.modules):
            c = 0
            while c < n:  # one rectangle per run of dark modules
                if not row[c]:
                    c += 1
                    continue
                start = c
                while c < n and row[c]:
                    c += 1
                path.rect(cell * (start + 1), self.size - cell * (r + 2), cell * (c - start), cell)
        self.canv.setFillGray(0)
        self.canv.drawPath(path, stroke=0, fill=1)


GAP = "&nbsp;" * 6  # room to write in by hand (a paragraph collapses plain spaces)


def _signature(who: str) -> Paragraph:
    return _p(f"{who}：<br/><br/>日期：{GAP}年{GAP}月{GAP}日", "cell")


def _signatures(first: Flowable | list[Flowable], signers: list[str],
                widths: list[float]) -> Table:
    """The signature spaces: `first` (the seller's, or the slip's QR code) beside
    one row per signer. The widths are the caller's, from the frame."""
    rows = [[first if i == 0 else "", _signature(who)] for i, who in enumerate(signers)]
    t = Table(rows, colWidths=widths)
    style = grid()
    style.add("SPAN", (0, 0), (0, -1))
    style.add("VALIGN", (0, 0), (0, -1), "TOP")
    t.setStyle(style)
    return t


def _with_signatures(story: list[Flowable], signatures: Flowable) -> None:
    """The signatures end the story and never stand on a page without the text
    before them: the last flowable moves with them when they do not fit."""
    last = story.pop()
    story.append(KeepTogether([last, Spacer(1, 4 * mm), signatures]))


def slip(d: SlipData, header: Header, invariant: bool = False) -> bytes:
    """The reservation slip (预留单), A5. Its QR code carries the slip's signed code
    (`desk.documents.slipcode`), also printed beneath it for typing by hand."""
    width = content_width(A5)
    u = d.unit
    story: list[Flowable] = [
        _p("房源预留单", "title"),
        _p(f"{d.seller.project}　预售许可证号：{d.seller.presale_permit}", "subtitle"),
        _pairs([
            ("房号", u.code, "楼栋/楼层",
             f"{u.building} {u.entrance} {u.floor} 层".replace("  ", " ")),
            ("户型", u.layout or "—", "朝向/用途", f"{u.orientation or '—'} / {u.usage or '—'}"),
            ("建筑面积", f"{u.gross_area} ㎡", "套内面积",
             "—" if u.inner_area is None else f"{u.inner_area} ㎡"),
            ("单价", money(d.unit_price) + " /㎡", "总价（锁定）", money(d.list_price)),
            ("预留客户", d.customer, "客户电话", d.customer_phone),
            ("置业顾问", d.rep, "预留单号", d.serial),
            ("预留开始", d.held_from, "预留截止", d.held_until),
        ], [width * 0.17, width * 0.33, width * 0.2, width * 0.3]),
        Spacer(1, 3 * mm),
        _p("总价大写：人民币" + (rmb_upper(d.list_price) if d.list_price is not None else "—")),
        Spacer(1, 2 * mm),
        _p("预留期间房价锁定；逾期未办理认购的，预留自动失效，房源恢复可售。"
           "本单不作为认购或付款凭证。", "small"),
    ]
    code = [QRCode(d.qr, 26 * mm), _p(d.qr, "code")] if d.qr else []
    _with_signatures(story, _signatures(code, ["客户（签字）", "置业顾问（签字）"],
                                        [QR_COLUMN, width - QR_COLUMN]))
    return build(story, header, A5, invariant)


def deal(d: DealData, header: Header, invariant: bool = False) -> bytes:
    """The subscription agreement (认购书) or the contract (商品房买卖合同), A4."""
    width = content_width(A4)
    u = d.unit
    title = "商品房认购书" if d.kind == "subscription" else "商品房买卖合同（预售）"
    heads = (["一、认购双方", "二、认购房屋", "三、房屋价款", "四、约定条款"] if d.kind == "subscription"
             else ["第一章　合同当事人", "第二章　商品房基本状况", "第三章　商品房价款", "第四章　约定条款"])
    buyer = "认购人" if d.kind == "subscription" else "买受人"
    story: list[Flowable] = [
        _p(title, "title"),
        _p(f"编号：{d.number}" + ("　　示范文本 GF-2014-0171" if d.kind == "contract" else ""),
           "subtitle"),
        _p(heads[0], "heading"),
        _pairs([
            ("出卖人", d.seller.name, "预售许可证号", d.seller.presale_permit),
            ("项目", d.seller.project, "项目地址", d.seller.address or "—"),
            (buyer, d.buyer, "身份证号", d.buyer_id),
            *[("共同" + buyer, b.name, "身份证号", b.id_number) for b in d.co_buyers],
            ("联系电话", d.buyer_phone, "置业顾问", d.rep),
        ], [width * 0.14, width * 0.36, width * 0.16, width * 0.34]),
        _p(heads[1], "heading"),
        _pairs([
            ("房号", u.code, "位置", f"{u.building} {u.entrance} 第 {u.floor} 层 {u.room} 号"
             .replace("  ", " ")),
            ("规划用途", u.usage or "—", "户型/朝向", f"{u.layout or '—'} / {u.orientation or '—'}"),
            ("建筑面积", f"{u.gross_area} ㎡", "套内建筑面积",
             "—" if u.inner_area is None else f"{u.inner_area} ㎡"),
            ("分摊共有建筑面积", "—" if u.shared_area is None else f"{u.shared_area} ㎡",
             "计价方式", "按建筑面积计算"),
        ], [width * 0.18, width * 0.32, width * 0.18, width * 0.32]),
        _p(heads[2], "heading"),
        _pairs([
            ("单价", f"{money(d.unit_price)} /㎡", "总价款", money(d.total)),
            ("总价款大写", "人民币" + rmb_upper(d.total), "", ""),
            ("定金", money(d.deposit), "定金大写", "人民币" + rmb_upper(d.deposit)),
            ("付款方式", labels.zh(PaymentMethod(d.payment)),
             "签约期限" if d.kind == "subscription" else "签订日期",
             d.sign_by if d.kind == "subscription" else d.signed_on),
        ], [width * 0.16, width * 0.34, width * 0.16, width * 0.34]),
    ]
    cell = stylesheet()["cell"]
    rows = [[Paragraph(x, cell) for x in ("款项", "付款期限", "金额", "金额大写")]]
    for i in d.schedule:
        rows.append([Paragraph(i.item, cell), Paragraph(i.due, cell), Paragraph(money(i.amount),
                     cell), Paragraph("人民币" + rmb_upper(i.amount), cell)])
    schedule = Table(rows, colWidths=[width * 0.2, width * 0.2, width * 0.2, width * 0.4])
    schedule.setStyle(grid(header_rows=1))
    story += [Spacer(1, 2 * mm), _p("付款计划", "cell"), schedule]
    story.append(_p(heads[3], "heading"))
    for n, clause in enumerate(d.clauses, 1):
        story.append(_p(f"第{_cn_number(n)}条　{clause}", "clause"))
    signers = [f"{buyer}（签字/盖章）"] + [f"共同{buyer} {b.name}（签字/盖章）"
                                          for b in d.co_buyers]
    _with_signatures(story, _signatures(_signature("出卖人（签字/盖章）"), signers,
                                        [width / 2, width / 2]))
    return build(story, header, A4, invariant)


def _cn_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def visitor_sheet(d: VisitorSheet, header: Header, invariant: bool = False) -> bytes:
    """The visitor registration form (客户登记表), blank or filled, A4."""
    width = content_width(A4)
    blank = "　" * 8
    v = lambda x: x or blank  # noqa: E731
    choices = "　".join(f"□{s}" for s in d.sources) if not d.source else d.source
    story: list[Flowable] = [
        _p("客户登记表", "title"),
        _p(d.project, "subtitle"),
        _pairs([
            ("客户姓名", v(d.name), "手机号", v(d.phone)),
            ("性别", v(d.gender) if d.gender else "□男　□女", "来访人数", v(d.party_size)),
            ("来访类型", v(d.visit_kind) if d.visit_kind else "□初访　□再访", "来访日期", v(d.date)),
            ("来访渠道", choices, "", ""),
            ("意向等级", v(d.grade) if d.grade else "□A 热　□B 温　□C 冷", "接待顾问", v(d.rep)),
            ("意向户型/面积", v(d.wanted), "预算", v(d.budget)),
            ("置业目的", v(d.purpose) if d.purpose else "□自住　□投资", "", ""),
        ], [width * 0.17, width * 0.33, width * 0.17, width * 0.33]),
        Spacer(1, 3 * mm),
        _p("备注：" + (d.notes or ""), "body"),
        Spacer(1, 16 * mm if not d.notes else 4 * mm),
        _p("本人同意售楼处为购房咨询与服务保存以上信息，售楼处不将其用于其他用途。", "small"),
    ]
    _with_signatures(story, _p("客户签字：＿＿＿＿＿＿＿＿　　　日期：　　年　　月　　日", "body"))
    return build(story, header, A4, invariant)


def receipt(d: ReceiptData, header: Header, invariant: bool = False) -> bytes:
    """The receipt (收据) of one payment, A5: the amount in figures and in capitals."""
    width = content_width(A5)
    # What was paid comes from the schedule; the note typed with it is kept beside.
    said = [("款项说明", d.items or d.note or "购房款", "", "")]
    if d.items and d.note:
        said.append(("备注", d.note, "", ""))
    story: list[Flowable] = [
        _p("收　据", "title"),
        _p(d.seller.project, "subtitle"),  # its number is in the page header already
        _pairs([
            ("交款人", d.payer, "收款日期", d.received_on),
            ("房号", d.unit, "认购/合同号", d.deal_ref),
            ("金额（小写）", money(d.amount), "收款方式", d.method),
            ("金额（大写）", "人民币" + rmb_upper(d.amount), "", ""),
            *said,
            ("收款单位", d.seller.name, "经办人", d.operator),
        ], [width * 0.2, width * 0.3, width * 0.22, width * 0.28]),
        Spacer(1, 3 * mm),
        _p("本收据经收款单位盖章有效；遗失不补，请妥善保管。", "small"),
    ]
    _with_signatures(story, _sign_lines(["收款单位（盖章）：", "交款人（签字）："], width))
    return build(story, header, A5, invariant)


def _sign_lines(who: list[str], width: float) -> Table:
    """Labels on one row, each followed by a ruled blank sharing what the row
    leaves: drawn lines, so nothing wraps onto a line of its own."""
    style = stylesheet()["body"]
    gap = 4 * mm  # before every label but the first
    label_widths = [stringWidth(x, style.fontName, style.fontSize) + (gap if i else 0)
                    for i, x in enumerate(who)]
    blank = (width - sum(label_widths)) / len(who)
    t = Table([[x for text in who for x in (text, "")]],
              colWidths=[x for w in label_widths for x in (w, blank)],
              rowHeights=[10 * mm])  # room above the line for a seal or a signature
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), style.fontName, style.fontSize),
        ("TEXTCOLOR", (0, 0), (-1, -1), style.textColor),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        *[("LEFTPADDING", (i, 0), (i, 0), gap) for i in range(2, 2 * len(who), 2)],
        *[("LINEBELOW", (i, 0), (i, 0), 0.6, style.textColor) for i in range(1, 2 * len(who), 2)],
    ]))
    return t

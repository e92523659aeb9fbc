"""Reading mail text: encodings, quotes, signatures, HTML and our Message-IDs."""

from __future__ import annotations

import pytest

from tsuzuri.mail import decode, threading
from tsuzuri.mail.html import to_markdown
from tsuzuri.mail.quotes import strip_reply


@pytest.mark.parametrize(
    ("data", "charset", "expected"),
    [
        (b"\x1b$B?=@A\x1b(B", "ISO-2022-JP", "申請"),
        (b"\x1b$B-!-j\x1b(B", "iso-2022-jp", "①㈱"),  # NEC row 13 as Outlook writes it
        (b"\x1b(I6@6E\x1b(B", "iso-2022-jp", "ｶﾀｶﾅ"),  # JIS X 0201 half-width katakana
        ("～①㈱ﾃｽﾄ".encode("cp932"), "Shift_JIS", "～①㈱ﾃｽﾄ"),
        ("髙橋".encode("cp932"), "x-sjis", "髙橋"),  # an IBM extension
        ("申請フォーム".encode("euc_jp"), "EUC-JP", "申請フォーム"),
        ("申請フォーム".encode(), "unknown-8bit", "申請フォーム"),
        ("申請フォーム".encode("cp932"), None, "申請フォーム"),
    ],
)
def test_decode_bytes_reads_what_japanese_clients_write(data, charset, expected):
    assert decode.decode_bytes(data, charset) == expected


def test_header_text_joins_encoded_words_of_different_charsets():
    subject = "=?ISO-2022-JP?B?GyRCPz1AQRsoQg==?= =?UTF-8?B?44OV44Kp44O844Og?= [MIRA-12]"
    assert decode.header_text(subject) == "申請フォーム [MIRA-12]"


OUTLOOK_EN = """\
Thanks, fixed in the next build.

________________________________
From: Yamada Taro <yamada@example.go.jp>
Sent: Friday, November 20, 2026 10:00
To: Tanaka <tanaka@vendor-a.example>
Subject: RE: [MIRA-12] input checks

Please check.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("了解です。\n\n> 前の\n> 文\n", "了解です。"),
        ("了解です。\n\n-----Original Message-----\nFrom: x\n", "了解です。"),
        ("了解です。\n\n2026年11月20日(金) 10:00 田中 一郎 <tanaka@x.example>:\n> a\n", "了解です。"),
        ("了解です。\n\n差出人: 田中\n送信日時: 2026年11月20日 10:00\n宛先: 山田\n件名: 確認\n\n本文\n", "了解です。"),
        (OUTLOOK_EN, "Thanks, fixed in the next build."),
        ("Yes.\n\nOn Fri, Nov 20, 2026 at 10:00 AM Tanaka <t@x.example> wrote:\n> q\n", "Yes."),
        ("一行目\n\n\n\n二行目\n-- \n署名\n", "一行目\n\n二行目"),
        ("From: で始まる行も、送信日時が続かなければ本文です。\n次の行\n", "From: で始まる行も、送信日時が続かなければ本文です。\n次の行"),
        ("> 引用だけ\n", ""),
    ],
)
def test_strip_reply_keeps_only_the_new_text(text, expected):
    assert strip_reply(text) == expected


def test_html_to_markdown_keeps_structure_and_drops_style():
    html = (
        "<html><head><title>t</title><style>p{}</style><script>alert(1)</script></head><body>"
        "<h2>見出し</h2><p>一文目<br>二文目&amp;記号</p><ol><li>一</li><li><i>二</i></li></ol>"
        "<blockquote>引用<br>二行</blockquote><a href='https://x.example/'><img src='t.gif'></a><pre>a  b</pre></body></html>"
    )
    assert to_markdown(html) == "## 見出し\n\n一文目\n二文目&記号\n\n1. 一\n2. *二*\n\n> 引用\n> 二行\n\n```\na  b\n```"


def test_message_ids_name_their_issue_and_only_ours_count():
    assert threading.root_id("MIRA-12", "example.go.jp") == "<MIRA-12@example.go.jp>"
    one = threading.message_id("MIRA-12", "example.go.jp", "abc", "tanaka")
    assert one == threading.message_id(
        "MIRA-12", "example.go.jp", "abc", "tanaka"
    ) != threading.message_id("MIRA-12", "example.go.jp", "abd", "tanaka")
    ids = threading.ids_in(f"<x@elsewhere.example> {one}")
    assert threading.key_from_ids(ids, "example.go.jp") == "MIRA-12"
    assert threading.key_from_ids(["MIRA-12@elsewhere.example"], "example.go.jp") == ""
    assert threading.key_from_subject("RE: 転送: [HOJO-3] 件") == "HOJO-3"
    assert threading.key_from_subject("Re: HOJO-3 について") == "HOJO-3"
    assert threading.plus_address("tracker@example.go.jp", "MIRA-12") == "tracker+MIRA-12@example.go.jp"
    assert threading.plus_address("tracker@example.go.jp", "MIRA-12", "0a1b") == "tracker+MIRA-12.0a1b@example.go.jp"
    assert threading.key_from_recipients(["TRACKER+mira-12@Example.go.jp"], "tracker@example.go.jp") == ("MIRA-12", "")
    assert threading.key_from_recipients(["tracker+MIRA-12.0A1B@example.go.jp"], "tracker@example.go.jp") == ("MIRA-12", "0a1b")
    assert threading.key_from_recipients(["other+MIRA-12@example.go.jp"], "tracker@example.go.jp") == ("", "")


def test_outlook_html_reply_loses_its_quoted_header_block():
    html = (
        "<html><body><div>確認しました。<br>明日回答します。</div>"
        "<div style='border-top:solid #E1E1E1 1.0pt'><p><b>差出人:</b> 山田 太郎 &lt;yamada@example.go.jp&gt;<br>"
        "<b>送信日時:</b> 2026年11月20日 10:00<br><b>宛先:</b> 田中 一郎<br><b>件名:</b> [MIRA-12] 件</p></div>"
        "<p>前回の本文</p></body></html>"
    )
    assert strip_reply(to_markdown(html)) == "確認しました。\n明日回答します。"


def test_gmail_html_reply_loses_the_quote():
    html = (
        "<div dir='ltr'>了解です。</div><br><div class='gmail_quote'><div class='gmail_attr'>"
        "2026年11月20日(金) 10:00 山田 太郎 &lt;yamada@example.go.jp&gt;:<br></div>"
        "<blockquote class='gmail_quote'>前回の本文</blockquote></div>"
    )
    assert strip_reply(to_markdown(html)) == "了解です。"


AGENDA = "2026年12月1日(火)の打合せの議題は以下のとおりです：\n1. 入力チェックの仕様\n2. 日程の確認"
SIGNED = """\
了解です。来週までに対応します。

━━━━━━━━━━━━━━━━━━━━
株式会社A 開発部
田中 一郎
TEL: 03-1234-5678  FAX: 03-1234-5679
E-mail: tanaka@vendor-a.example
━━━━━━━━━━━━━━━━━━━━
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A line that only looks like a quote header is the sender's own sentence.
        (AGENDA + "\n", AGENDA),
        ("田中さんからのメッセージ：\n資料を確認しました。\n", "田中さんからのメッセージ：\n資料を確認しました。"),
        # ...and a real one, followed by quoted lines, goes with them.
        (AGENDA + "\n\n2026年11月30日(月) 9:00 山田 太郎 <yamada@example.go.jp>:\n> 議題を送ってください。\n", AGENDA),
        # Apple Mail, and Gmail's header wrapped over two lines (Japanese and English).
        ("承知しました。\n\n2026/11/20 10:00、田中 一郎 <tanaka@vendor-a.example>のメール:\n\n> 確認をお願いします。\n", "承知しました。"),
        ("承知しました。\n\n2026年11月20日(金) 10:00 田中 一郎 <\ntanaka@vendor-a.example>:\n\n> 確認をお願いします。\n", "承知しました。"),
        ("Done.\n\nOn Fri, Nov 20, 2026 at 10:00 AM Tanaka Ichiro <\ntanaka@vendor-a.example> wrote:\n> Please check.\n", "Done."),
        # Inline answers keep the questions they answer; the quote after the last answer goes.
        ("山田さん\n\n> 郵便番号は全角も受け付けますか?\n受け付けて半角に変換します。\n\n> 期限は?\n12月10日です。\n\n"
         "> 以上、よろしくお願いします。\n> 山田\n",
         "山田さん\n\n> 郵便番号は全角も受け付けますか?\n受け付けて半角に変換します。\n\n> 期限は?\n12月10日です。"),
        # Japanese signatures under a rule go; what is above stays.
        (SIGNED, "了解です。来週までに対応します。"),
        ("以上です。\n\n-----------------------------\nA社 田中\n〒100-0001 東京都千代田区\nTEL 03-1234-5678\n", "以上です。"),
        ("確認しました。\n＊＊＊＊＊＊＊＊＊＊\n田中 一郎\n携帯: 090-0000-0000\n", "確認しました。"),
        # A rule between sections of the text is no signature.
        ("報告です。\n----------\n進捗は順調です。\n詳細は https://example.go.jp/ を参照してください。\n",
         "報告です。\n----------\n進捗は順調です。\n詳細は https://example.go.jp/ を参照してください。"),
        ("議事:\n==========\n1. 仕様\n2. 日程\n", "議事:\n==========\n1. 仕様\n2. 日程"),
    ],
)
def test_strip_reply_keeps_the_senders_words_and_only_them(text, expected):
    assert strip_reply(text) == expected

"""The few phrases notification mail needs, in the site's language."""

from __future__ import annotations

WORDS = {
    "ja": {
        "created": "{actor} さんが課題を登録しました。",
        "updated": "{actor} さんが課題を更新しました。",
        "someone": "誰か",
        "created_anon": "課題が登録されました。",
        "updated_anon": "課題が更新されました。",
        "comment": "コメント",
        "minutes": "{actor} さんが議事録を追加しました。",
        "minutes_subject": "[議事録] {title}",
        "actions": "アクションアイテム",
        "link": "課題のページ",
        "reply_hint": "このメールに返信すると、本文が課題のコメントとして登録されます。",
        "none": "(なし)",
        "body_changed": "(本文が変更されました)",
        "digest_subject": "[{title}] 期限切れ・期限間近の課題 ({day})",
        "digest_intro": "{name} さんの担当課題のうち、期限切れ・期限間近のものです。",
        "overdue": "期限切れ",
        "due_soon": "期限間近",
        "due": "期限",
        "attachment": "添付ファイル",
        "too_big": "添付ファイル「{name}」は {size} で上限 {limit} を超えるため保存していません。",
        "fields": {
            "title": "件名", "status": "状態", "type": "種別", "priority": "優先度", "assignee": "担当者",
            "milestone": "マイルストーン", "categories": "カテゴリー", "start": "開始日", "due": "期限日",
            "estimate": "予定時間", "actual": "実績時間", "parent": "親課題", "watchers": "ウォッチャー", "body": "詳細",
            "reporter": "登録者",
        },
    },
    "en": {
        "created": "{actor} created this issue.",
        "updated": "{actor} updated this issue.",
        "someone": "Someone",
        "created_anon": "This issue was created.",
        "updated_anon": "This issue was updated.",
        "comment": "Comment",
        "minutes": "{actor} added meeting minutes.",
        "minutes_subject": "[Minutes] {title}",
        "actions": "Action items",
        "link": "Issue page",
        "reply_hint": "Reply to this mail to add your text as a comment on the issue.",
        "none": "(none)",
        "body_changed": "(description changed)",
        "digest_subject": "[{title}] Overdue and due-soon issues ({day})",
        "digest_intro": "Issues assigned to {name} that are overdue or due soon.",
        "overdue": "Overdue",
        "due_soon": "Due soon",
        "due": "due",
        "attachment": "Attachment",
        "too_big": "Attachment \"{name}\" ({size}) is over the {limit} limit and was not saved.",
        "fields": {
            "title": "Title", "status": "Status", "type": "Type", "priority": "Priority", "assignee": "Assignee",
            "milestone": "Milestone", "categories": "Categories", "start": "Start", "due": "Due",
            "estimate": "Estimate", "actual": "Actual", "parent": "Parent", "watchers": "Watchers", "body": "Description",
            "reporter": "Reporter",
        },
    },
}


def words(language: str) -> dict:
    """Return the phrase table for a language, English when it is not known."""
    return WORDS.get(language, WORDS["en"])

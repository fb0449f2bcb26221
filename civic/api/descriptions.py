"""Descriptions of the operations whose view has no docstring, by operation id.

A view's own docstring wins (drf-spectacular reads it); this table fills the gaps so that
every operation of the schema says what it does, who may call it and what it answers
(checked by civic/tests/api/test_schema_clients.py).
"""

OPERATION_DESCRIPTIONS = {
    # budgets
    "budget_list": "List the participatory budgets, newest first; filter by year, "
                   "neighbourhood code or phase (`status`).",
    "budget_detail": "One participatory budget: envelope, phase, ballot rules and dates.",
    "budget_create": "Create a participatory budget in its preparation phase (clerks). "
                     "A second budget for the same year and neighbourhood is a 409 "
                     "`budget_exists`.",
    "budget_transition": "Move a budget to its next phase (`target`), e.g. from submission "
                         "to review (clerks). A phase that cannot follow the current one is "
                         "a 409.",
    "proposal_list": "The projects of a budget visible in its current phase; filter by "
                     "status or neighbourhood.",
    "proposal_detail": "One project: description, costs, review and status.",
    "proposal_submit": "Submit a project to a budget in its submission phase, with an "
                       "optional photo (multipart, JPEG, PNG or WebP, 5 MB at most).",
    "proposal_review": "Record the technical review of a project: feasible or not, the "
                       "reason and the cost the services estimate (clerks).",
    "proposal_merge": "Merge a project into another one (`into`), which absorbs its authors "
                      "(clerks).",
    "proposal_co_author_add": "Add a co-author to one's project by the e-mail of their "
                              "account.",
    "proposal_comment_create": "Comment on a project (signed-in account).",
    "line_comment_create": "Comment on a line of the town budget under debate (signed-in "
                           "account).",
    "implementation_detail": "How a winning project is being carried out: status, progress "
                             "and milestones.",
    "implementation_update": "Update the status and progress of a winning project "
                             "(clerks).",
    "milestone_add": "Add a dated milestone, with an optional photo, to a winning project "
                     "(clerks; multipart).",
    "receipt_check": "Whether a ballot receipt is in the published list of a budget (once "
                     "voting is over); anyone may check their own.",
    "results": "The published results of a budget: the tally, each project's outcome and "
               "the turnout by neighbourhood (from the results phase on).",
    "results_csv": "The results of a budget as CSV (one line per project).",
    "debate_list": "List the budget orientation debates (one per year).",
    "debate_detail": "One budget orientation debate with its chapters and lines.",
    "debate_create": "Open a budget orientation debate in preparation (clerks).",
    "debate_transition": "Move a budget orientation debate to its next phase (clerks).",
    "debate_synthesis": "The residents' synthesis of a debate: for each line, the "
                        "preferences and comments counted (once the debate is closed).",
    "debate_synthesis_csv": "The synthesis of a debate as CSV.",
    "debate_submit": "Put the synthesis of a debate on the agenda of the municipal council "
                     "(clerks); answers the new agenda item.",
    # commissions
    "commission_detail": "One commission or committee: kind, chair, seat groups and "
                         "members.",
    "commission_chair_set": "Name the chair of a commission (clerks).",
    "consultation_list": "List the published consultations of the commissions; filter by "
                         "status or audience.",
    "consultation_create": "Create a consultation in draft for a commission (its chair or "
                           "clerks).",
    "question_add": "Add a question to a draft consultation (its chair or clerks).",
    "consultation_open": "Open a draft consultation to answers (its chair or clerks).",
    "consultation_close": "Close a consultation to answers; its results become readable "
                          "(its chair or clerks).",
    "meeting_create": "Schedule a meeting of a commission (its chair or clerks).",
    "meeting_detail": "One meeting: date, place, public seats, agenda and, once held, "
                      "attendance.",
    "meeting_agenda_add": "Add an item to the agenda of a scheduled meeting (its chair or "
                          "clerks).",
    "meeting_invite": "Send the invitation of a meeting to the members of its commission "
                      "(its chair or clerks); answers how many were invited by this call "
                      "(members already invited are not sent it again, so a second call "
                      "reaches only members appointed since, and answers 0 when there are "
                      "none).",
    "meeting_cancel": "Cancel a scheduled meeting; members and registered residents are "
                      "told (its chair or clerks).",
    "meeting_minutes_publish": "Publish the minutes of a held meeting (its chair or "
                               "clerks).",
    "meeting_unregister": "Give back one's public seat at a meeting.",
    "member_call_open": "Open a call for members on a seat group of a commission (clerks).",
    "member_call_detail": "One call for members: seat group, dates and status.",
    "member_call_close": "Close a call for members to applications (clerks).",
    "membership_appoint": "Appoint a member to a seat group, from an application or "
                          "directly (clerks).",
    "membership_resign": "End one's own membership, or a member's (clerks), with an "
                         "optional reason.",
    "application_withdraw": "Withdraw one's application to a call for members.",
    "opinion_detail": "One opinion of a commission: the question, the text adopted and the "
                      "council's answer.",
    # comments
    "comment_report": "Report a visible comment to the moderators, with a reason.",
}

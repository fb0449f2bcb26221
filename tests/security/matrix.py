"""The permission matrix: who gets what on every API operation and every web page.

One row per operation, one column per persona (order of `world.PERSONAS`):

    anonymous · unverified resident · resident of the same neighbourhood (A, where the
    budgets are and who owns the private objects) · resident of another neighbourhood (B) ·
    clerk · councillor · moderator · administrator

Outcome classes:
    ok     2xx, or a redirect that is not to the log-in page (a form done, a flash message)
    bad    400, 409, 413 or 415: the caller got past the gate and the input or the business rule
           answered (write rows are sent with the body given, often none: this proves the
           gate, the modules' own tests prove the rules)
    login  401, or a redirect to the log-in page
    403    refused for this account
    404    not found for this account (private objects are not even confirmed to exist)
    gone   410: a link that expired, was used, or never existed

A new route that is not in a table makes `test_every_route_is_in_the_matrix` fail.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.security.world import World

Kwargs = Callable[[World], dict[str, Any]]
Body = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Row:
    method: str
    name: str
    cells: tuple[str, ...]
    note: str
    table: str = "main"  # "per_body": a PER_BODY_TABLE row, sent PER_BODY_BODIES first


def pk(attr: str) -> Kwargs:
    return lambda w: {"pk": getattr(w, attr).pk}


SLUG: Kwargs = lambda w: {"slug": w.commission.slug}  # noqa: E731
FACILITY: Kwargs = lambda w: {"slug": w.facility_committee.slug}  # noqa: E731
MISSING: Kwargs = lambda w: {"pk": 987_654}  # noqa: E731  (no such object: 404 past the gate)

API_TABLE = """
# method name                                      anon  unver same  other clerk counc moder admin
GET    api:audit-checkpoint-list                    ok    ok    ok    ok    ok    ok    ok    ok
#   the entries name people: supervisors (administrators) only
GET    api:audit-entry-list                         login 403   403   403   403   403   403   ok
GET    api:audit-head                               ok    ok    ok    ok    ok    ok    ok    ok
#   the same resident has not voted yet: no ballot of theirs
GET    api:budget-ballot-mine                       login 404   404   404   404   404   404   404
GET    api:budget-ballots-pb                        ok    ok    ok    ok    ok    ok    ok    ok
GET    api:budget-debate-detail                     ok    ok    ok    ok    ok    ok    ok    ok
GET    api:budget-debate-list                       ok    ok    ok    ok    ok    ok    ok    ok
#   synthesis exists once the debate is closed
GET    api:budget-debate-synthesis                  bad   bad   bad   bad   bad   bad   bad   bad
#   idem
GET    api:budget-debate-synthesis-csv              bad   bad   bad   bad   bad   bad   bad   bad
GET    api:budget-detail                            ok    ok    ok    ok    ok    ok    ok    ok
GET    api:budget-implementation                    ok    ok    ok    ok    ok    ok    ok    ok
GET    api:budget-list                              ok    ok    ok    ok    ok    ok    ok    ok
GET    api:budget-proposal-detail                   ok    ok    ok    ok    ok    ok    ok    ok
GET    api:budget-proposal-list                     ok    ok    ok    ok    ok    ok    ok    ok
GET    api:budget-receipt-check                     ok    ok    ok    ok    ok    ok    ok    ok
GET    api:budget-receipt-list                      ok    ok    ok    ok    ok    ok    ok    ok
GET    api:budget-results                           ok    ok    ok    ok    ok    ok    ok    ok
GET    api:budget-results-csv                       ok    ok    ok    ok    ok    ok    ok    ok
#   no tally run yet
GET    api:budget-tally                             404   404   404   404   404   404   404   404
#   idem (the comment targets a neighbourhood project)
GET    api:comment-list                             ok    ok    ok    ok    ok    ok    ok    ok
GET    api:commissions-commission-detail            ok    ok    ok    ok    ok    ok    ok    ok
GET    api:commissions-commission-list              ok    ok    ok    ok    ok    ok    ok    ok
GET    api:commissions-consultation-detail          ok    ok    ok    ok    ok    ok    ok    ok
GET    api:commissions-consultation-list            ok    ok    ok    ok    ok    ok    ok    ok
GET    api:commissions-consultation-results         ok    ok    ok    ok    ok    ok    ok    ok
GET    api:commissions-consultation-results-csv     ok    ok    ok    ok    ok    ok    ok    ok
#   the facility's register is for the clerks
GET    api:commissions-facility-registration-list   login 403   403   403   ok    403   403   ok
GET    api:commissions-meeting-detail               ok    ok    ok    ok    ok    ok    ok    ok
#   closed meeting: its members (same holds a seat), chair and staff
GET    api:commissions-meeting-document-list        403   403   ok    403   ok    ok    403   ok
GET    api:commissions-meeting-list                 ok    ok    ok    ok    ok    ok    ok    ok
#   idem
GET    api:commissions-meeting-minutes              403   403   ok    403   ok    ok    403   ok
GET    api:commissions-member-call-detail           ok    ok    ok    ok    ok    ok    ok    ok
GET    api:commissions-member-call-list             ok    ok    ok    ok    ok    ok    ok    ok
GET    api:commissions-opinion-detail               ok    ok    ok    ok    ok    ok    ok    ok
GET    api:commissions-opinion-list                 ok    ok    ok    ok    ok    ok    ok    ok
GET    api:commissions-sortition-detail             ok    ok    ok    ok    ok    ok    ok    ok
GET    api:council-decision-detail                  ok    ok    ok    ok    ok    ok    ok    ok
GET    api:council-agenda-item-list                 ok    ok    ok    ok    ok    ok    ok    ok
GET    api:council-decision-list                    ok    ok    ok    ok    ok    ok    ok    ok
GET    api:council-session-detail                   ok    ok    ok    ok    ok    ok    ok    ok
GET    api:council-session-list                     ok    ok    ok    ok    ok    ok    ok    ok
GET    api:health                                   ok    ok    ok    ok    ok    ok    ok    ok
GET    api:initiative-charter-current               ok    ok    ok    ok    ok    ok    ok    ok
GET    api:initiative-charter-list                  ok    ok    ok    ok    ok    ok    ok    ok
#   a draft: its promoters and staff only; others are not told it exists
GET    api:initiative-detail                        404   404   ok    404   ok    404   404   ok
GET    api:initiative-due                           login 403   403   403   ok    403   403   ok
#   verified or not, a resident may start a draft; staff may not
GET    api:initiative-list                          ok    ok    ok    ok    ok    ok    ok    ok
GET    api:initiative-mine                          login ok    ok    ok    ok    ok    ok    ok
GET    api:initiative-signatures-csv                login 403   403   403   ok    403   403   ok
GET    api:initiative-signers                       ok    ok    ok    ok    ok    ok    ok    ok
#   idem
GET    api:initiative-versions                      404   404   ok    404   ok    404   404   ok
GET    api:me                                       login ok    ok    ok    ok    ok    ok    ok
GET    api:neighbourhood-list                       ok    ok    ok    ok    ok    ok    ok    ok
GET    api:notification-list                        login ok    ok    ok    ok    ok    ok    ok
#   each account's own webhooks (none in the world: an empty list, or 404)
GET    api:webhook-list                             login ok    ok    ok    ok    ok    ok    ok
GET    api:webhook-delivery-list                    login 404   404   404   404   404   404   404
GET    api:paper-ballot-pending-list                login 403   403   403   ok    403   403   ok
GET    api:resident-list                            login 403   403   403   ok    403   403   ok
#   personal data: each resident their own; a forged or used download link is gone (410)
POST   api:data-export                              login ok    ok    ok    ok    ok    ok    ok
GET    api:data-export-download                     login gone  gone  gone  gone  gone  gone  gone
#   erasing one's account asks for the password: an empty body is refused
POST   api:account-erase                            login bad   bad   bad   bad   bad   bad   bad
POST   api:auth-token                               bad   bad   bad   bad   bad   bad   bad   bad
#   supervisors only; the chain of the test world is intact
POST   api:audit-verify                             login 403   403   403   403   403   403   ok
GET    api:auth-token-list                          login ok    ok    ok    ok    ok    ok    ok
#   no such token on the caller's account (another person's cannot even be named)
DELETE api:auth-token-revoke                        login 404   404   404   404   404   404   404
#   a neighbourhood budget: verified residents of neighbourhood A
POST   api:budget-ballot-cast                       login 403   ok    403   403   403   403   403
POST   api:budget-create                            login 403   403   403   bad   403   403   bad
POST   api:budget-list                              login 403   403   403   bad   403   403   bad
POST   api:budget-debate-create                     login 403   403   403   bad   403   403   bad
POST   api:budget-debate-list                       login 403   403   403   bad   403   403   bad
#   expects a CSV upload (415 for JSON)
POST   api:budget-debate-import                     login 403   403   403   bad   403   403   bad
#   the town's general budget: any verified resident
POST   api:budget-debate-preference                 login 403   ok    ok    403   403   403   403
POST   api:budget-debate-submit                     login 403   403   403   bad   403   403   bad
POST   api:budget-debate-transition                 login 403   403   403   bad   403   403   bad
POST   api:budget-implementation-update             login 403   403   403   bad   403   403   bad
#   idem; staff answer residents
POST   api:budget-line-comment                      login 403   ok    ok    ok    403   403   ok
POST   api:budget-milestone-add                     login 403   403   403   bad   403   403   bad
POST   api:budget-paper-ballot-first                login 403   403   403   bad   403   403   bad
POST   api:budget-proposal-coauthor-add             login bad   bad   bad   bad   bad   bad   bad
#   an invitation to co-sign addressed to the resident of A; anyone else's is not found
POST   api:budget-coauthor-invitation-accept        login 404   ok    404   404   404   404   404
POST   api:budget-coauthor-invitation-decline       login 404   ok    404   404   404   404   404
POST   api:budget-proposal-withdraw                 login 403   ok    403   403   403   403   403
#   idem; staff answer residents
POST   api:budget-proposal-comment                  login 403   ok    403   ok    403   403   ok
POST   api:budget-proposal-merge                    login 403   403   403   bad   403   403   bad
POST   api:budget-proposal-review                   login 403   403   403   bad   403   403   bad
#   idem
POST   api:budget-proposal-submit                   login 403   ok    403   403   403   403   403
#   budget-proposal-submit's view, sent no body here: the input is checked first (bad)
POST   api:budget-proposal-list                     login bad   bad   bad   bad   bad   bad   bad
POST   api:budget-tally-run                         login 403   403   403   ok    403   403   ok
POST   api:budget-transition                        login 403   403   403   bad   403   403   bad
#   moderators and administrators
POST   api:comment-hide                             login 403   403   403   403   403   ok    ok
#   idem (the comment targets a neighbourhood project)
POST   api:comment-list                             login 403   ok    403   ok    403   403   ok
POST   api:comment-report                           login ok    ok    ok    ok    ok    ok    ok
#   body lacks the eligibility the seat group asks
POST   api:commissions-application-submit           login 403   bad   bad   403   403   403   403
#   the applicant (same) or staff
POST   api:commissions-application-withdraw         login 403   ok    403   ok    403   403   ok
POST   api:commissions-commission-chair             login bad   bad   bad   bad   bad   bad   bad
#   gate in the service, after input validation
POST   api:commissions-commission-create            login bad   bad   bad   bad   bad   bad   bad
POST   api:commissions-commission-list              login bad   bad   bad   bad   bad   bad   bad
#   expects a file upload (415 for JSON)
POST   api:commissions-commission-document-add      login bad   bad   bad   bad   bad   bad   bad
POST   api:commissions-consultation-close           login 403   403   403   ok    403   403   ok
POST   api:commissions-consultation-create          login bad   bad   bad   bad   bad   bad   bad
POST   api:commissions-consultation-list            login bad   bad   bad   bad   bad   bad   bad
POST   api:commissions-consultation-open            login 403   403   403   bad   403   403   bad
POST   api:commissions-consultation-respond         login bad   bad   bad   bad   bad   bad   bad
POST   api:commissions-facility-registration-confirm login 403   403   403   ok    403   403   ok
#   the person registered, or a clerk; others are not told it exists
POST   api:commissions-facility-registration-end login 404   ok    404   ok    404   404   ok
#   the same resident's request is already pending
POST   api:commissions-facility-registration-request login ok    bad   ok    ok    ok    ok    ok
POST   api:commissions-meeting-agenda-add           login bad   bad   bad   bad   bad   bad   bad
#   cancelling needs a reason: an empty body answers per field
POST   api:commissions-meeting-cancel               login 403   403   403   bad   bad   403   bad
POST   api:commissions-meeting-create               login bad   bad   bad   bad   bad   bad   bad
POST   api:commissions-meeting-list                 login bad   bad   bad   bad   bad   bad   bad
#   idem
POST   api:commissions-meeting-document-add         login bad   bad   bad   bad   bad   bad   bad
POST   api:commissions-meeting-hold                 login bad   bad   bad   bad   bad   bad   bad
#   the councillor chairs the town's commission: she runs its meetings (per-body role)
POST   api:commissions-meeting-invite               login 403   403   403   ok    ok    403   ok
POST   api:commissions-meeting-minutes-publish      login bad   bad   bad   bad   bad   bad   bad
POST   api:commissions-meeting-register             login ok    ok    ok    ok    ok    ok    ok
POST   api:commissions-meeting-unregister           login bad   bad   bad   bad   bad   bad   bad
POST   api:commissions-member-call-close            login 403   403   403   ok    403   403   ok
POST   api:commissions-member-call-complete         login 403   403   403   bad   403   403   bad
POST   api:commissions-member-call-open             login bad   bad   bad   bad   bad   bad   bad
POST   api:commissions-membership-appoint           login bad   bad   bad   bad   bad   bad   bad
#   the member (same) or staff
POST   api:commissions-membership-resign            login 403   ok    403   ok    403   403   ok
POST   api:commissions-opinion-adopt                login bad   bad   bad   bad   bad   bad   bad
#   clerks only, from the council's decision or session (no body: bad)
POST   api:commissions-opinion-answer               login 403   403   403   bad   403   403   bad
POST   api:commissions-opinion-decision             login 403   403   403   bad   403   403   bad
POST   api:commissions-opinion-send                 login 403   403   403   ok    403   403   ok
POST   api:commissions-opinion-schedule             login 403   403   403   bad   403   403   bad
POST   api:commissions-question-add                 login bad   bad   bad   bad   bad   bad   bad
POST   api:commissions-seat-group-set               login bad   bad   bad   bad   bad   bad   bad
POST   api:commissions-sortition-run                login 403   403   403   bad   403   403   bad
POST   api:commissions-vacancy-refill               login 403   403   403   bad   403   403   bad
#   clerks only; no reason given (bad)
POST   api:council-decision-correct                 login 403   403   403   bad   403   403   bad
#   clerks only; no body (bad)
POST   api:council-agenda-item-decision             login 403   403   403   bad   403   403   bad
POST   api:council-agenda-item-schedule             login 403   403   403   bad   403   403   bad
POST   api:council-session-list                     login 403   403   403   bad   403   403   bad
POST   api:initiative-admit                         login 403   403   403   bad   403   403   bad
POST   api:initiative-answer                        login 403   403   403   bad   403   403   bad
POST   api:initiative-charter-list                  bad   bad   bad   bad   bad   bad   bad   bad
POST   api:initiative-follow                        login ok    ok    ok    ok    ok    ok    ok
#   verified or not, a resident may start a draft; staff may not
POST   api:initiative-list                          login ok    ok    ok    403   403   403   403
POST   api:initiative-paper-signature               login 403   403   403   bad   403   403   bad
POST   api:initiative-promoter-invite               login bad   bad   bad   bad   bad   bad   bad
POST   api:initiative-promoter-respond              login bad   bad   bad   bad   bad   bad   bad
POST   api:initiative-refuse                        login 403   403   403   bad   403   403   bad
POST   api:initiative-review-start                  login 403   403   403   ok    403   403   ok
POST   api:initiative-schedule                      login 403   403   403   bad   403   403   bad
#   town-wide initiative: any verified resident
POST   api:initiative-sign                          login 403   ok    ok    403   403   403   403
POST   api:initiative-signature-invalidate          login 403   403   403   bad   403   403   bad
#   promoters only; the draft lacks co-promoters (bad)
POST   api:initiative-submit                        login 404   bad   404   403   404   404   403
#   promoters only
POST   api:initiative-text                          login 404   ok    404   403   404   404   403
POST   api:initiative-unfollow                      login ok    ok    ok    ok    ok    ok    ok
#   no signature to withdraw: refused past the gate
POST   api:initiative-unsign                        login bad   bad   bad   403   403   403   403
POST   api:initiative-vote                          login 403   403   403   bad   403   403   bad
#   promoters only
POST   api:initiative-withdraw                      login 404   ok    404   403   404   404   403
#   someone else's notification is not found
POST   api:notification-read                        login 404   ok    404   404   404   404   404
POST   api:notification-read-all                    login ok    ok    ok    ok    ok    ok    ok
#   no such paper ballot: 404 past the gate
POST   api:paper-ballot-cancel                      login 403   403   403   bad   403   403   bad
#   idem
POST   api:paper-ballot-second-entry                login 403   403   403   bad   403   403   bad
#   an empty body: which two records, and why
POST   api:resident-merge                           login 403   403   403   bad   403   403   bad
POST   api:resident-register                        login 403   403   403   bad   403   403   bad
POST   api:resident-verify                          login 403   403   403   bad   403   403   bad
#   any account may register a URL; no body (bad)
POST   api:webhook-list                             login bad   bad   bad   bad   bad   bad   bad
DELETE api:webhook-delete                           login 404   404   404   404   404   404   404
"""

WEB_TABLE = """
# method name                                      anon  unver same  other clerk counc moder admin
GET    api-docs                                     ok    ok    ok    ok    ok    ok    ok    ok
GET    api-redoc                                    ok    ok    ok    ok    ok    ok    ok    ok
GET    budgets_web:ballots_pb                       ok    ok    ok    ok    ok    ok    ok    ok
GET    budgets_web:budget                           ok    ok    ok    ok    ok    ok    ok    ok
GET    budgets_web:budget_new                       login 403   403   403   ok    403   403   ok
POST   budgets_web:budget_phase                     login 403   403   403   ok    403   403   ok
GET    budgets_web:debate                           ok    ok    ok    ok    ok    ok    ok    ok
POST   budgets_web:debate_import                    login 403   403   403   ok    403   403   ok
GET    budgets_web:debate_new                       login 403   403   403   ok    403   403   ok
POST   budgets_web:debate_phase                     login 403   403   403   ok    403   403   ok
POST   budgets_web:debate_preferences               login ok    ok    ok    ok    ok    ok    ok
GET    budgets_web:implementation                   ok    ok    ok    ok    ok    ok    ok    ok
POST   budgets_web:proposal?do=implementation       login 403   403   403   bad   403   403   bad
GET    budgets_web:index                            ok    ok    ok    ok    ok    ok    ok    ok
POST   budgets_web:line_comment                     login ok    ok    ok    ok    ok    ok    ok
POST   budgets_web:proposal?do=milestone            login 403   403   403   bad   403   403   bad
GET    budgets_web:proposal                         ok    ok    ok    ok    ok    ok    ok    ok
POST   budgets_web:proposal?do=coauthor             login bad   bad   bad   bad   bad   bad   bad
POST   budgets_web:proposal?do=comment              login bad   bad   bad   bad   bad   bad   bad
POST   budgets_web:proposal?do=merge                login 403   403   403   bad   403   403   bad
GET    budgets_web:proposal_edit                    login 403   403   403   ok    403   403   ok
#   an invitation to co-sign addressed to the resident of A; anyone else's is not found
GET    budgets_web:coauthor_invitation              login 404   ok    404   404   404   404   404
POST   budgets_web:coauthor_invitation              login 404   ok    404   404   404   404   404
GET    budgets_web:proposal_withdraw                login 403   ok    403   403   403   403   403
POST   budgets_web:proposal_withdraw                login 403   ok    403   403   403   403   403
GET    budgets_web:proposal_new                     login ok    ok    ok    ok    ok    ok    ok
POST   budgets_web:proposal?do=review               login 403   403   403   bad   403   403   bad
GET    budgets_web:receipts                         ok    ok    ok    ok    ok    ok    ok    ok
GET    budgets_web:method                           ok    ok    ok    ok    ok    ok    ok    ok
GET    budgets_web:results                          ok    ok    ok    ok    ok    ok    ok    ok
GET    budgets_web:results_csv                      ok    ok    ok    ok    ok    ok    ok    ok
GET    budgets_web:synthesis                        ok    ok    ok    ok    ok    ok    ok    ok
GET    budgets_web:synthesis_csv                    ok    ok    ok    ok    ok    ok    ok    ok
GET    budgets_web:synthesis_print                  ok    ok    ok    ok    ok    ok    ok    ok
POST   budgets_web:synthesis_submit                 login 403   403   403   ok    403   403   ok
GET    budgets_web:tally                            ok    ok    ok    ok    ok    ok    ok    ok
POST   budgets_web:tally_run                        login 403   403   403   ok    403   403   ok
GET    budgets_web:vote                             login ok    ok    ok    ok    ok    ok    ok
GET    budgets_web:vote_done                        login ok    ok    ok    ok    ok    ok    ok
GET    commissions_web:calendar                     ok    ok    ok    ok    ok    ok    ok    ok
GET    commissions_web:call                         ok    ok    ok    ok    ok    ok    ok    ok
GET    commissions_web:commission                   ok    ok    ok    ok    ok    ok    ok    ok
GET    commissions_web:commission_document          ok    ok    ok    ok    ok    ok    ok    ok
GET    commissions_web:consultation                 ok    ok    ok    ok    ok    ok    ok    ok
GET    commissions_web:consultation_results         ok    ok    ok    ok    ok    ok    ok    ok
GET    commissions_web:consultation_results_csv     ok    ok    ok    ok    ok    ok    ok    ok
GET    commissions_web:consultations                ok    ok    ok    ok    ok    ok    ok    ok
POST   commissions_web:facility_registration        login ok    ok    ok    ok    ok    ok    ok
GET    commissions_web:ical_all                     ok    ok    ok    ok    ok    ok    ok    ok
GET    commissions_web:ical_commission              ok    ok    ok    ok    ok    ok    ok    ok
GET    commissions_web:ical_meeting                 ok    ok    ok    ok    ok    ok    ok    ok
GET    commissions_web:index                        ok    ok    ok    ok    ok    ok    ok    ok
GET    commissions_web:meeting                      ok    ok    ok    ok    ok    ok    ok    ok
#   closed meeting's document: members, chair, staff
GET    commissions_web:meeting_document             403   403   ok    403   ok    ok    403   ok
POST   commissions_web:meeting_register             login ok    ok    ok    ok    ok    ok    ok
GET    commissions_web:my_seats                     login ok    ok    ok    ok    ok    ok    ok
GET    commissions_web:opinion                      ok    ok    ok    ok    ok    ok    ok    ok
GET    commissions_web:opinions                     ok    ok    ok    ok    ok    ok    ok    ok
#   the member's own seat
POST   commissions_web:resign                       login 404   ok    404   404   404   404   404
POST   commissions_web:application_withdraw         login 404   ok    404   404   404   404   404
GET    commissions_web:sortition                    ok    ok    ok    ok    ok    ok    ok    ok
GET    commissions_web:staff_appoint                login 403   403   403   ok    403   403   ok
GET    commissions_web:staff_call                   login 403   403   403   ok    403   403   ok
GET    commissions_web:staff_call_open              login 403   403   403   ok    403   403   ok
GET    commissions_web:staff_commission             login 403   403   403   ok    403   403   ok
#   an empty address removes the secretary: a valid form
POST   commissions_web:staff_commission?do=secretary login 403   403   403   ok    403   403   ok
GET    commissions_web:staff_consultation           login 403   403   403   ok    403   403   ok
GET    commissions_web:staff_consultation_create    login 403   403   403   ok    403   403   ok
GET    commissions_web:staff_create                 login 403   403   403   ok    403   403   ok
#   a body's meeting pages: clerks, and the body's chair (the councillor) for her own body
GET    commissions_web:staff_meeting                login 403   403   403   ok    ok    403   ok
#   correcting a meeting: a reason (and a new date) are needed, so an empty form answers per field
POST   commissions_web:staff_meeting?do=cancel      login 403   403   403   bad   bad   403   bad
POST   commissions_web:staff_meeting?do=reschedule  login 403   403   403   bad   bad   403   bad
GET    commissions_web:staff_meeting_create         login 403   403   403   ok    ok    403   ok
#   printable sheets of a body: clerks, and its chair
GET    commissions_web:staff_meeting_sheet          login 403   403   403   ok    ok    403   ok
GET    commissions_web:staff_meeting_convocations   login 403   403   403   ok    ok    403   ok
GET    commissions_web:staff_members_print          login 403   403   403   ok    ok    403   ok
GET    commissions_web:staff_opinion                login 403   403   403   ok    403   403   ok
GET    commissions_web:workspace                    login 403   403   403   ok    403   403   ok
#   no such paper ballot: 404 past the gate
POST   counter:ballot_cancel                        login 403   403   403   404   403   403   404
GET    counter:ballot_first                         login 403   403   403   ok    403   403   ok
GET    counter:ballot_list                          login 403   403   403   ok    403   403   ok
#   idem
GET    counter:ballot_receipt                       login 403   403   403   404   403   403   404
#   idem
GET    counter:ballot_second                        login 403   403   403   404   403   403   404
#   an empty birthplace: the page says so
POST   counter:birthplace                           login 403   403   403   ok    403   403   ok
GET    counter:duplicates                           login 403   403   403   ok    403   403   ok
GET    counter:index                                login 403   403   403   ok    403   403   ok
GET    counter:merge                                login 403   403   403   ok    403   403   ok
GET    counter:register                             login 403   403   403   ok    403   403   ok
GET    counter:resident                             login 403   403   403   ok    403   403   ok
POST   counter:sign                                 login 403   403   403   ok    403   403   ok
#   idem
GET    counter:signature_receipt                    login 403   403   403   404   403   403   404
#   what each clerk did: administrators only
GET    counter:supervision                          login 403   403   403   403   403   403   ok
POST   counter:verify                               login 403   403   403   ok    403   403   ok
GET    frontend:account                             login ok    ok    ok    ok    ok    ok    ok
GET    frontend:account_edit                        login ok    ok    ok    ok    ok    ok    ok
GET    frontend:account_email                       login ok    ok    ok    ok    ok    ok    ok
POST   frontend:account_email                       login bad   bad   bad   bad   bad   bad   bad
GET    frontend:account_email_confirm               ok    ok    ok    ok    ok    ok    ok    ok
POST   frontend:account_email_confirm               bad   bad   bad   bad   bad   bad   bad   bad
GET    frontend:council_session                     ok    ok    ok    ok    ok    ok    ok    ok
GET    frontend:council_decision                    ok    ok    ok    ok    ok    ok    ok    ok
GET    frontend:council_decision_correct            login 403   403   403   ok    403   403   ok
GET    frontend:audit_chain                         ok    ok    ok    ok    ok    ok    ok    ok
GET    frontend:audit_feed                          ok    ok    ok    ok    ok    ok    ok    ok
#   personal data pages: own data only; forged link gone; erase without password: form again
GET    frontend:comment_report                      login ok    ok    ok    ok    ok    ok    ok
GET    frontend:data                                login ok    ok    ok    ok    ok    ok    ok
GET    frontend:open_data                           ok    ok    ok    ok    ok    ok    ok    ok
GET    frontend:data_download                       login gone  gone  gone  gone  gone  gone  gone
POST   frontend:data_erase                          login ok    ok    ok    ok    ok    ok    ok
GET    frontend:home                                ok    ok    ok    ok    ok    ok    ok    ok
GET    frontend:login                               ok    ok    ok    ok    ok    ok    ok    ok
GET    frontend:logout                              ok    ok    ok    ok    ok    ok    ok    ok
GET    frontend:for_me                              login ok    ok    ok    ok    ok    ok    ok
#   the staff home: every role with one (clerk, councillor, moderator, administrator)
GET    frontend:staff_home                          login 403   403   403   ok    ok    ok    ok
#   the full audit log, filtered, with the chain check: administrators (supervisors)
GET    frontend:audit_log                           login 403   403   403   403   403   403   ok
#   staff and roles: administrators only; an empty form answers per field
GET    frontend:staff_team                          login 403   403   403   403   403   403   ok
POST   frontend:staff_team?do=invite                login 403   403   403   403   403   403   bad
POST   frontend:staff_team?do=grant                 login 403   403   403   403   403   403   bad
POST   frontend:staff_team?do=revoke                login 403   403   403   403   403   403   bad
POST   frontend:staff_team?do=second_factor         login 403   403   403   403   403   403   bad
#   moderation: moderators and administrators; an empty form answers per field
GET    frontend:moderation                          login 403   403   403   403   403   ok    ok
POST   frontend:moderation?do=hide                  login 403   403   403   403   403   bad   bad
POST   frontend:moderation?do=unhide                login 403   403   403   403   403   bad   bad
GET    frontend:notifications                       login ok    ok    ok    ok    ok    ok    ok
GET    frontend:password_change                     login ok    ok    ok    ok    ok    ok    ok
#   residents are sent on (no second factor); the staff personas are logged in with theirs
GET    frontend:second_factor                       login ok    ok    ok    ok    ok    ok    ok
GET    frontend:second_factor_enrol                 login ok    ok    ok    ok    ok    ok    ok
GET    frontend:password_reset                      ok    ok    ok    ok    ok    ok    ok    ok
GET    frontend:password_reset_complete             ok    ok    ok    ok    ok    ok    ok    ok
GET    frontend:password_reset_confirm              ok    ok    ok    ok    ok    ok    ok    ok
GET    frontend:password_reset_done                 ok    ok    ok    ok    ok    ok    ok    ok
GET    frontend:preferences                         login ok    ok    ok    ok    ok    ok    ok
POST   frontend:set_language                        ok    ok    ok    ok    ok    ok    ok    ok
GET    frontend:signup                              ok    ok    ok    ok    ok    ok    ok    ok
GET    frontend:signup_activate                     ok    ok    ok    ok    ok    ok    ok    ok
GET    frontend:signup_done                         ok    ok    ok    ok    ok    ok    ok    ok
GET    petitions_web:answer                         login 403   403   403   ok    403   403   ok
GET    petitions_web:charter                        ok    ok    ok    ok    ok    ok    ok    ok
POST   petitions_web:comment                        login ok    ok    ok    ok    ok    ok    ok
GET    petitions_web:council                        login 403   403   403   ok    403   403   ok
GET    petitions_web:create                         login ok    ok    ok    ok    ok    ok    ok
GET    petitions_web:dashboard                      login ok    ok    ok    ok    ok    ok    ok
#   a draft: its promoters and staff only
GET    petitions_web:detail                         404   404   ok    404   ok    404   404   ok
#   promoters only
GET    petitions_web:edit                           login 404   ok    404   403   404   404   403
POST   petitions_web:follow                         login ok    ok    ok    ok    ok    ok    ok
GET    petitions_web:index                          ok    ok    ok    ok    ok    ok    ok    ok
#   no reason given: the confirmation page comes back with the error next to the field
POST   petitions_web:invalidate                     login 403   403   403   bad   403   403   bad
#   promoters only
POST   petitions_web:invite                         login 404   ok    404   403   404   404   403
#   the invited resident only
POST   petitions_web:respond                        login 404   ok    404   404   404   404   404
GET    petitions_web:review                         login 403   403   403   ok    403   403   ok
GET    petitions_web:review_list                    login 403   403   403   ok    403   403   ok
GET    petitions_web:schedule                       login 403   403   403   ok    403   403   ok
GET    petitions_web:session_create                 login 403   403   403   ok    403   403   ok
POST   petitions_web:sign                           login ok    ok    ok    ok    ok    ok    ok
GET    petitions_web:signatures                     login 403   403   403   ok    403   403   ok
GET    petitions_web:signatures_csv                 login 403   403   403   ok    403   403   ok
GET    petitions_web:signatures_print               login 403   403   403   ok    403   403   ok
#   promoters only
POST   petitions_web:submit                         login 404   ok    404   403   404   404   403
POST   petitions_web:unfollow                       login ok    ok    ok    ok    ok    ok    ok
POST   petitions_web:unsign                         login ok    ok    ok    ok    ok    ok    ok
GET    petitions_web:vote                           login 403   403   403   ok    403   403   ok
#   promoters only
POST   petitions_web:withdraw                       login 404   ok    404   403   404   404   403
#   self-service verification; FranceConnect is not configured in this world: no such page
GET    verification:franceconnect_callback          404   404   404   404   404   404   404   404
GET    verification:franceconnect_logged_out        ok    ok    ok    ok    ok    ok    ok    ok
GET    verification:franceconnect_start             404   404   404   404   404   404   404   404
#   a resident's own page; staff accounts without a resident profile are told there is nothing
GET    verification:resident                        login ok    ok    ok    ok    ok    ok    ok
#   no code typed: the form again (staff without a resident profile: back to the page)
POST   verification:letter_confirm                  login bad   bad   bad   ok    ok    ok    ok
#   no roll entry for their names: the page says so
POST   verification:letter_request                  login ok    ok    ok    ok    ok    ok    ok
GET    verification:proof_submit                    login ok    ok    ok    ok    ok    ok    ok
GET    verification:letters                         login 403   403   403   ok    403   403   ok
#   nothing to print: the letters page says so
POST   verification:letters_print                   login 403   403   403   ok    403   403   ok
#   no such batch: 404 past the gate
POST   verification:letters_reprint                 login 403   403   403   404   403   403   404
#   idem (no such proof)
GET    verification:proof_document                  login 403   403   403   404   403   403   404
#   idem
GET    verification:proof_review                    login 403   403   403   404   403   403   404
GET    verification:proofs                          login 403   403   403   ok    403   403   ok
GET    verification:roll                            login 403   403   403   ok    403   403   ok
GET    schema                                       ok    ok    ok    ok    ok    ok    ok    ok
GET    set_language                                 ok    ok    ok    ok    ok    ok    ok    ok
#   clerks' corrections (issue 13): staff only; the chair runs her body's meetings, not its
#   details nor its dissolution; an empty form (or a budget already under vote) answers 400
GET    budgets_web:budget_edit                      login 403   403   403   ok    403   403   ok
POST   budgets_web:budget_edit                      login 403   403   403   bad   403   403   bad
GET    budgets_web:budget_withdraw                  login 403   403   403   ok    403   403   ok
POST   budgets_web:budget_withdraw                  login 403   403   403   bad   403   403   bad
GET    budgets_web:debate_edit                      login 403   403   403   ok    403   403   ok
POST   budgets_web:debate_edit                      login 403   403   403   bad   403   403   bad
GET    budgets_web:debate_withdraw                  login 403   403   403   ok    403   403   ok
POST   budgets_web:debate_withdraw                  login 403   403   403   bad   403   403   bad
GET    budgets_web:milestone_edit                   login 403   403   403   ok    403   403   ok
POST   budgets_web:milestone_edit                   login 403   403   403   bad   403   403   bad
GET    budgets_web:milestone_delete                 login 403   403   403   ok    403   403   ok
POST   budgets_web:milestone_delete                 login 403   403   403   bad   403   403   bad
GET    commissions_web:staff_commission_edit        login 403   403   403   ok    403   403   ok
POST   commissions_web:staff_commission_edit        login 403   403   403   bad   403   403   bad
GET    commissions_web:staff_commission_dissolve    login 403   403   403   ok    403   403   ok
POST   commissions_web:staff_commission_dissolve    login 403   403   403   bad   403   403   bad
#   Django's admin: the superuser alone (BODY_TABLE); signed in as anyone else, not found
GET    admin:index                                  login 404   404   404   404   404   404   404
GET    admin:login                                  login 404   404   404   404   404   404   404
#   the council's agenda for clerks (every kind of item); the public agenda, printable
GET    frontend:council_session_print               ok    ok    ok    ok    ok    ok    ok    ok
GET    petitions_web:council_session_staff          login 403   403   403   ok    403   403   ok
#   no date or place sent: the form again, next to the fields
POST   petitions_web:council_session_staff?do=reschedule login 403 403 403  bad   403   403   bad
GET    petitions_web:council_session_cancel         login 403   403   403   ok    403   403   ok
#   no reason sent: the confirmation again, with the error
POST   petitions_web:council_session_cancel         login 403   403   403   bad   403   403   bad
#   the item is the voted initiative's: no session chosen, back to the council screen
POST   petitions_web:council_item_schedule          login 403   403   403   ok    403   403   ok
GET    petitions_web:council_item_unschedule        login 403   403   403   ok    403   403   ok
POST   petitions_web:council_item_unschedule        login 403   403   403   bad   403   403   bad
GET    petitions_web:council_item_decide            login 403   403   403   ok    403   403   ok
POST   petitions_web:council_item_decide            login 403   403   403   bad   403   403   bad
#   the session has opened: marking it held first answers its confirmation page
POST   petitions_web:council_session_staff?do=hold  login 403   403   403   ok    403   403   ok
"""

OBJECTS: dict[str, Kwargs] = {
    "api:budget-ballot-mine": pk('voting'),
    "api:budget-ballots-pb": pk('results'),
    "api:budget-debate-detail": pk('debate'),
    "api:budget-debate-synthesis": pk('debate'),
    "api:budget-debate-synthesis-csv": pk('debate'),
    "api:budget-detail": pk('voting'),
    "api:budget-implementation": pk('built'),
    "api:budget-proposal-detail": pk('own_proposal'),
    "api:budget-proposal-list": pk('voting'),
    "api:budget-receipt-check": lambda w: {'pk': w.results.pk, 'receipt': 'abc123'},
    "api:budget-receipt-list": pk('results'),
    "api:budget-results": pk('results'),
    "api:budget-results-csv": pk('results'),
    "api:budget-tally": pk('results'),
    "api:commissions-commission-detail": SLUG,
    "api:commissions-consultation-detail": pk('open_consultation'),
    "api:commissions-facility-registration-list": FACILITY,
    "api:commissions-consultation-results": pk('closed_consultation'),
    "api:commissions-consultation-results-csv": pk('closed_consultation'),
    "api:commissions-meeting-detail": pk('closed_meeting'),
    "api:commissions-meeting-document-list": pk('closed_meeting'),
    "api:commissions-meeting-minutes": pk('closed_meeting'),
    "api:commissions-member-call-detail": pk('open_call'),
    "api:commissions-opinion-detail": pk('sent_opinion'),
    "api:commissions-sortition-detail": pk('sortition'),
    "api:council-decision-detail": pk('decision'),
    "api:council-session-detail": lambda w: {"pk": w.decision.agenda_item.session_id},
    "api:initiative-detail": pk('draft'),
    "api:initiative-signers": pk('collecting'),
    "api:initiative-signatures-csv": pk('collecting'),
    "api:initiative-versions": pk('draft'),
    "api:budget-ballot-cast": pk('voting'),
    "api:budget-debate-import": pk('debate'),
    "api:budget-debate-preference": pk('debate'),
    "api:budget-debate-submit": pk('debate'),
    "api:budget-debate-transition": pk('debate'),
    "api:budget-implementation-update": pk('built'),
    "api:budget-line-comment": pk('line'),
    "api:budget-milestone-add": pk('built'),
    "api:budget-paper-ballot-first": pk('voting'),
    "api:budget-proposal-coauthor-add": pk('own_proposal'),
    "api:budget-coauthor-invitation-accept": pk('coauthor_invitation'),
    "api:budget-coauthor-invitation-decline": pk('coauthor_invitation'),
    "api:budget-proposal-withdraw": pk('own_proposal'),
    "api:budget-proposal-comment": lambda w: {'pk': w.voting_proposals[0].pk},
    "api:budget-proposal-merge": pk('review_proposal'),
    "api:budget-proposal-review": pk('review_proposal'),
    "api:budget-proposal-submit": pk('submission'),
    "api:budget-tally-run": pk('results'),
    "api:budget-transition": pk('voting'),
    "api:comment-hide": pk('comment'),
    "api:comment-report": pk('comment'),
    "api:commissions-application-withdraw": pk('application'),
    "api:commissions-commission-chair": SLUG,
    "api:commissions-commission-document-add": SLUG,
    "api:commissions-seat-group-set": SLUG,
    "api:commissions-consultation-close": pk('open_consultation'),
    "api:commissions-consultation-open": pk('draft_consultation'),
    "api:commissions-consultation-respond": pk('open_consultation'),
    "api:commissions-facility-registration-confirm": FACILITY,
    "api:commissions-facility-registration-end": pk('facility_registration'),
    "api:commissions-facility-registration-request": FACILITY,
    "api:commissions-meeting-agenda-add": pk('public_meeting'),
    "api:commissions-meeting-cancel": pk('public_meeting'),
    "api:commissions-meeting-document-add": pk('closed_meeting'),
    "api:commissions-meeting-hold": pk('public_meeting'),
    "api:commissions-meeting-invite": pk('public_meeting'),
    "api:commissions-meeting-minutes-publish": pk('closed_meeting'),
    "api:commissions-meeting-register": pk('public_meeting'),
    "api:commissions-meeting-unregister": pk('public_meeting'),
    "api:commissions-member-call-close": pk('open_call'),
    "api:commissions-member-call-complete": pk('closed_call'),
    "api:commissions-member-call-open": pk('seat_group'),
    "api:commissions-membership-appoint": pk('seat_group'),
    "api:commissions-membership-resign": pk('membership'),
    "api:commissions-opinion-adopt": pk('public_meeting'),
    "api:commissions-opinion-answer": pk('sent_opinion'),
    "api:commissions-opinion-decision": pk('sent_opinion'),
    "api:commissions-opinion-schedule": pk('sent_opinion'),
    "api:council-decision-correct": pk('decision'),
    "api:council-agenda-item-schedule": lambda w: {"pk": w.decision.agenda_item_id},
    "api:council-agenda-item-decision": lambda w: {"pk": w.decision.agenda_item_id},
    "api:commissions-opinion-send": pk('adopted_opinion'),
    "api:commissions-question-add": pk('draft_consultation'),
    "api:commissions-sortition-run": pk('open_call'),
    "api:commissions-vacancy-refill": pk('seat_group'),
    "api:initiative-admit": pk('in_review'),
    "api:initiative-answer": pk('voted'),
    "api:initiative-follow": pk('collecting'),
    "api:initiative-paper-signature": pk('collecting'),
    "api:initiative-promoter-invite": pk('draft'),
    "api:initiative-promoter-respond": pk('invitation'),
    "api:initiative-refuse": pk('in_review'),
    "api:initiative-review-start": pk('submitted'),
    "api:initiative-schedule": pk('reached'),
    "api:initiative-sign": pk('collecting'),
    "api:initiative-signature-invalidate": pk('signature'),
    "api:initiative-submit": pk('draft'),
    "api:initiative-text": pk('draft'),
    "api:initiative-unfollow": pk('collecting'),
    "api:initiative-unsign": pk('collecting'),
    "api:initiative-vote": pk('scheduled'),
    "api:initiative-withdraw": pk('draft'),
    "api:notification-read": pk('notification'),
    "api:data-export-download": lambda w: {'token': 'forged-token-0123456789'},
    "api:auth-token-revoke": lambda w: {'token_id': 'abcdef012345678'},
    "frontend:data_download": lambda w: {'token': 'forged-token-0123456789'},
    "frontend:comment_report": pk('comment'),
    "frontend:council_session": lambda w: {"pk": w.decision.agenda_item.session_id},
    "frontend:council_decision": pk('decision'),
    "frontend:council_decision_correct": pk('decision'),
    "api:paper-ballot-cancel": MISSING,
    "api:webhook-delete": MISSING,
    "api:webhook-delivery-list": MISSING,
    "api:paper-ballot-second-entry": MISSING,
    "api:resident-verify": pk('unverified_resident'),
    "budgets_web:ballots_pb": pk('results'),
    "budgets_web:budget": pk('voting'),
    "budgets_web:budget_phase": pk('voting'),
    "budgets_web:debate": pk('debate'),
    "budgets_web:debate_import": pk('debate'),
    "budgets_web:debate_phase": pk('debate'),
    "budgets_web:debate_preferences": pk('debate'),
    "budgets_web:implementation": pk('results'),
    "budgets_web:proposal?do=implementation": pk('built'),
    "budgets_web:line_comment": pk('line'),
    "budgets_web:proposal?do=milestone": pk('built'),
    "budgets_web:proposal": pk('own_proposal'),
    "budgets_web:proposal?do=coauthor": pk('own_proposal'),
    "budgets_web:proposal?do=comment": lambda w: {'pk': w.voting_proposals[0].pk},
    "budgets_web:proposal?do=merge": pk('review_proposal'),
    "budgets_web:proposal_edit": lambda w: {'pk': w.voting_proposals[0].pk},
    "budgets_web:coauthor_invitation": pk('coauthor_invitation'),
    "budgets_web:proposal_new": pk('submission'),
    "budgets_web:proposal_withdraw": pk('own_proposal'),
    "budgets_web:proposal?do=review": pk('review_proposal'),
    "budgets_web:receipts": pk('results'),
    "budgets_web:method": pk('results'),
    "budgets_web:results": pk('results'),
    "budgets_web:results_csv": pk('results'),
    "budgets_web:synthesis": pk('debate'),
    "budgets_web:synthesis_csv": pk('debate'),
    "budgets_web:synthesis_print": pk('debate'),
    "budgets_web:synthesis_submit": pk('debate'),
    "budgets_web:tally": pk('results'),
    "budgets_web:tally_run": pk('results'),
    "budgets_web:vote": pk('voting'),
    "budgets_web:vote_done": pk('voting'),
    "commissions_web:call": pk('open_call'),
    "commissions_web:commission": SLUG,
    "commissions_web:commission_document": pk('commission_document'),
    "commissions_web:consultation": pk('open_consultation'),
    "commissions_web:consultation_results": pk('closed_consultation'),
    "commissions_web:consultation_results_csv": pk('closed_consultation'),
    "commissions_web:facility_registration": FACILITY,
    "commissions_web:ical_commission": SLUG,
    "commissions_web:ical_meeting": pk('closed_meeting'),
    "commissions_web:meeting": pk('closed_meeting'),
    "commissions_web:meeting_document": pk('meeting_document'),
    "commissions_web:meeting_register": pk('public_meeting'),
    "commissions_web:opinion": pk('sent_opinion'),
    "commissions_web:resign": pk('membership'),
    "commissions_web:application_withdraw": pk('application'),
    "commissions_web:sortition": pk('sortition'),
    "commissions_web:staff_appoint": pk('seat_group'),
    "commissions_web:staff_call": pk('open_call'),
    "commissions_web:staff_call_open": pk('seat_group'),
    "commissions_web:staff_commission": SLUG,
    "commissions_web:staff_commission?do=secretary": SLUG,
    "commissions_web:staff_consultation": pk('open_consultation'),
    "commissions_web:staff_consultation_create": SLUG,
    "commissions_web:staff_meeting": pk('closed_meeting'),
    "commissions_web:staff_meeting?do=cancel": pk('closed_meeting'),
    "commissions_web:staff_meeting_sheet": pk('public_meeting'),
    "commissions_web:staff_meeting_convocations": pk('public_meeting'),
    "commissions_web:staff_members_print": SLUG,
    "commissions_web:staff_meeting?do=reschedule": pk('closed_meeting'),
    "commissions_web:staff_meeting_create": SLUG,
    "commissions_web:staff_opinion": pk('sent_opinion'),
    "counter:ballot_cancel": MISSING,
    "counter:ballot_first": lambda w: {'pk': w.unverified_resident.pk, 'budget_pk': w.voting.pk},
    "counter:ballot_receipt": MISSING,
    "counter:ballot_second": MISSING,
    "counter:resident": pk('unverified_resident'),
    "counter:birthplace": pk('unverified_resident'),
    "counter:sign": pk('unverified_resident'),
    "counter:signature_receipt": MISSING,
    "counter:verify": pk('unverified_resident'),
    "frontend:password_reset_confirm": lambda w: {'uidb64': 'MQ', 'token': 'set-password'},
    "frontend:signup_activate": lambda w: {'uidb64': 'MQ', 'token': 'bad-token'},
    "frontend:account_email_confirm": lambda w: {'token': 'bad-token'},
    "petitions_web:answer": pk('voted'),
    "petitions_web:comment": pk('collecting'),
    "petitions_web:detail": pk('draft'),
    "petitions_web:edit": pk('draft'),
    "petitions_web:follow": pk('collecting'),
    "petitions_web:invalidate": pk('signature'),
    "petitions_web:invite": pk('draft'),
    "petitions_web:respond": pk('invitation'),
    "petitions_web:review": pk('submitted'),
    "petitions_web:schedule": pk('reached'),
    "petitions_web:sign": pk('collecting'),
    "petitions_web:signatures": pk('collecting'),
    "petitions_web:signatures_csv": pk('collecting'),
    "petitions_web:signatures_print": pk('collecting'),
    "petitions_web:submit": pk('draft'),
    "petitions_web:unfollow": pk('collecting'),
    "petitions_web:unsign": pk('collecting'),
    "petitions_web:vote": pk('scheduled'),
    "petitions_web:withdraw": pk('draft'),
    "verification:letters_reprint": MISSING,
    "verification:proof_document": lambda w: {"pk": 987_654, "kind": "adresse"},
    "verification:proof_review": MISSING,
    "budgets_web:budget_edit": pk('voting'),
    "budgets_web:budget_withdraw": pk('voting'),
    "budgets_web:debate_edit": pk('debate'),
    "budgets_web:debate_withdraw": pk('debate'),
    "budgets_web:milestone_edit": pk('milestone'),
    "budgets_web:milestone_delete": pk('milestone'),
    "commissions_web:staff_commission_edit": SLUG,
    "commissions_web:staff_commission_dissolve": SLUG,
    "frontend:council_session_print": lambda w: {"pk": w.decision.agenda_item.session_id},
    "petitions_web:council_session_staff": lambda w: {"pk": w.decision.agenda_item.session_id},
    "petitions_web:council_session_staff?do=reschedule": lambda w: {
        "pk": w.decision.agenda_item.session_id},
    "petitions_web:council_session_cancel": lambda w: {"pk": w.decision.agenda_item.session_id},
    "petitions_web:council_item_schedule": lambda w: {"pk": w.decision.agenda_item_id},
    "petitions_web:council_item_unschedule": lambda w: {"pk": w.decision.agenda_item_id},
    "petitions_web:council_item_decide": lambda w: {"pk": w.decision.agenda_item_id},
    "petitions_web:council_session_staff?do=hold": lambda w: {
        "pk": w.decision.agenda_item.session_id},
}

# Write rows whose gate is a business rule (eligibility, ownership) get a valid body, so the
# cell shows that rule and not input validation.
BODIES: dict[str, Body] = {
    "api:budget-ballot-cast": lambda w: {"choices": [
        {"proposal": w.voting_proposals[0].pk, "points": 1}]},
    "api:budget-proposal-submit": lambda w: {
        "title": "Des arbres rue d'Avéjan", "description": "Planter dix tilleuls.",
        "estimated_cost_cents": 1_500_000},
    "api:budget-proposal-comment": lambda w: {"body": "Bonne idée."},
    "api:budget-line-comment": lambda w: {"body": "Pourquoi cette hausse ?"},
    "api:budget-debate-preference": lambda w: {"chapter": w.line.chapter_id, "choice": "more"},
    "api:comment-list": lambda w: {"target": f"budgets.proposal:{w.voting_proposals[0].pk}",
                                   "body": "Je soutiens ce projet."},
    "api:comment-report": lambda w: {"reason": "Propos hors sujet."},
    "api:comment-hide": lambda w: {"reason": "Propos injurieux."},
    "api:initiative-list": lambda w: {"title": "Un marché le dimanche",
                                      "reasons": "Pour animer le centre.",
                                      "operative_text": "Le conseil crée un marché."},
    "api:initiative-text": lambda w: {"title": "Titre revu", "reasons": "Motifs revus.",
                                      "operative_text": "Texte revu."},
    "api:commissions-application-submit": lambda w: {"motivation": "Je suis disponible."},
    "api:commissions-meeting-unregister": lambda w: {},
    "api:commissions-facility-registration-confirm": lambda w: {"user": w.users["other"].pk},
}
ENDPOINT_KWARGS: dict[str, Kwargs] = {
    "api:commissions-application-submit": pk("open_call"),
}


def _parse(table: str, kind: str = "main") -> list[Row]:
    rows = []
    for line in table.strip().splitlines():
        if line.startswith("#"):
            continue
        text, _, note = line.partition("#")
        method, name, *cells = text.split()
        rows.append(Row(method, name, tuple(cells), note.strip(), kind))
    return rows


API_ROWS = _parse(API_TABLE)
WEB_ROWS = _parse(WEB_TABLE)


def kwargs_of(row: Row) -> Kwargs:
    return OBJECTS.get(row.name) or ENDPOINT_KWARGS.get(row.name) or (lambda w: {})


def body_of(row: Row) -> Body | None:
    if row.table == "per_body" and row.name in PER_BODY_BODIES:
        return PER_BODY_BODIES[row.name]
    return BODIES.get(row.name)


# --- Per-body roles, and the superuser ------------------------------------------------------
# A second table for people the eight personas do not cover (order of `world.BODY_PERSONAS`):
#
#     chair of this body (the councillor persona, chair of "securite") · chair of another
#     body · secretary of this body (a resident with no role) · superuser (Django's flags)
#
# Every page of the commissions' staff workspace and every API operation on a body's meetings
# has a row (`test_every_commissions_staff_route_has_a_per_body_row`): a chair and a secretary
# run their own body's meetings and nothing else; the clerks' pages stay the clerks'. Objects
# are those of the main table, all of the body "securite". Write rows of the API are sent a
# valid body here (PER_BODY_BODIES), so a cell shows the gate, not input validation.
PER_BODY_TABLE = """
# method name                                      chair other secre super
#   Django's admin: the superuser alone
GET    admin:index                                  404   404   404   ok
GET    admin:login                                  404   404   404   ok
#   the staff home: whoever runs a body has one (a secretary with no role too), with her
#   body's meetings
GET    frontend:staff_home                          ok    ok    ok    ok
#   the clerks' workspace, bodies, seats, calls, opinions and consultations: clerks only
GET    commissions_web:workspace                    403   403   403   ok
GET    commissions_web:staff_create                 403   403   403   ok
GET    commissions_web:staff_commission             403   403   403   ok
GET    commissions_web:staff_commission_edit        403   403   403   ok
GET    commissions_web:staff_commission_dissolve    403   403   403   ok
POST   commissions_web:staff_commission_edit        403   403   403   bad
POST   commissions_web:staff_commission_dissolve    403   403   403   bad
POST   commissions_web:staff_commission?do=secretary 403   403   403   ok
GET    commissions_web:staff_call_open              403   403   403   ok
GET    commissions_web:staff_appoint                403   403   403   ok
GET    commissions_web:staff_call                   403   403   403   ok
GET    commissions_web:staff_opinion                403   403   403   ok
GET    commissions_web:staff_consultation           403   403   403   ok
GET    commissions_web:staff_consultation_create    403   403   403   ok
#   a body's meetings: its chair and secretary run them; another body's chair is refused
GET    commissions_web:staff_meeting_create         ok    403   ok    ok
GET    commissions_web:staff_meeting                ok    403   ok    ok
#   an empty form answers per field past the gate
POST   commissions_web:staff_meeting?do=cancel      bad   403   bad   bad
POST   commissions_web:staff_meeting?do=reschedule  bad   403   bad   bad
#   the body's printable sheets
GET    commissions_web:staff_meeting_sheet          ok    403   ok    ok
GET    commissions_web:staff_meeting_convocations   ok    403   ok    ok
GET    commissions_web:staff_members_print          ok    403   ok    ok
#   a closed meeting's documents and minutes: whoever runs the body reads what they write
GET    commissions_web:meeting_document             ok    403   ok    ok
GET    api:commissions-meeting-document-list        ok    403   ok    ok
GET    api:commissions-meeting-minutes              ok    403   ok    ok
POST   api:commissions-meeting-create               ok    403   ok    ok
POST   api:commissions-meeting-list                 ok    403   ok    ok
POST   api:commissions-meeting-agenda-add           ok    403   ok    ok
POST   api:commissions-meeting-invite               ok    403   ok    ok
#   the meeting has not begun: it cannot be held yet (past the gate)
POST   api:commissions-meeting-hold                 bad   403   bad   bad
POST   api:commissions-meeting-minutes-publish      ok    403   ok    ok
POST   api:commissions-meeting-cancel               ok    403   ok    ok
#   expects a file upload (415 for JSON), checked before the gate
POST   api:commissions-meeting-document-add         bad   bad   bad   bad
#   an opinion is adopted at a held meeting: this one is to come (past the gate)
POST   api:commissions-opinion-adopt                bad   403   bad   bad
"""


def _new_meeting(w: World) -> dict[str, Any]:
    from datetime import timedelta

    from django.utils import timezone

    return {"commission": w.commission.slug, "title": "Réunion de printemps",
            "starts_at": (timezone.now() + timedelta(days=30)).isoformat(),
            "place": "Salle du conseil"}


PER_BODY_BODIES: dict[str, Body] = {
    "api:commissions-meeting-create": _new_meeting,
    "api:commissions-meeting-list": _new_meeting,
    "api:commissions-meeting-agenda-add": lambda w: {"title": "Éclairage de la place"},
    "api:commissions-meeting-hold": lambda w: {"present": []},
    "api:commissions-meeting-minutes-publish": lambda w: {"minutes": "Compte rendu revu."},
    "api:commissions-meeting-cancel": lambda w: {"reason": "Salle indisponible"},
    "api:commissions-opinion-adopt": lambda w: {
        "title": "Avis sur l'éclairage", "text": "La commission est favorable.",
        "votes_for": 5, "votes_against": 0, "abstentions": 1},
}
PER_BODY_ROWS = _parse(PER_BODY_TABLE, "per_body")

#include "text/errortext.h"

#include <QtGlobal>

namespace RestoreDesk::Text {

// Sentences for the ARM transport (arm/armerrors.h) and the ARM error codes operators meet most.
const QList<Sentence> &armSentences()
{
#define S(code, text) \
    { \
        code, QT_TRANSLATE_NOOP("RestoreDesk::Text", text) \
    }
    static const QList<Sentence> s = {
        S("arm_not_signed_in", "Not signed in: sign in to call the backup API."),
        S("arm_throttled", "The service is throttling requests and asks to wait %1 s; try again later."),
        S("arm_retry_budget_exhausted",
          "The service kept failing; the console stopped retrying so as not to add load."),
        S("arm_no_api_base", "The profile names no backup API base URL."),
        S("arm_bad_page", "A page of the list from %1 is malformed."),
        S("arm_too_many_pages",
          "The list did not end after %1 pages, the most the console reads of one list; it stopped "
          "there rather than loop for ever. Narrow the list (a shorter time window, a filter) or "
          "report the service's paging."),
        S("arm_page_loop",
          "The list from %1 leads back to a page already read (its nextLink loops); it stopped so "
          "that nothing is shown twice."),
        S("arm_redirected",
          "The service answered with a redirect (HTTP %1) to %2. The console does not follow redirects of "
          "the backup API, so that its access token goes nowhere else; check the API base URL."),
        S("token_renewal_failed", "The service refused the access token and renewing it failed (%1)."),
        S("token_not_renewable",
          "The access token given on the command line was refused and cannot be renewed."),
        S("AuthorizationFailed", "The identity is not allowed to do this."),
        S("InvalidAuthenticationToken", "The service refused the access token."),
        S("ExpiredAuthenticationToken", "The access token has expired."),
        S("ResourceNotFound", "The resource does not exist, or the identity cannot see it."),
        S("NotFound", "The resource does not exist, or the identity cannot see it."),
        S("TooManyRequests", "The service is throttling requests."),
        S("InternalServerError", "The service failed to answer."),
        S("ServiceUnavailable", "The service is not available right now."),
    };
#undef S
    return s;
}

} // namespace RestoreDesk::Text

#pragma once

#include <QLatin1String>

// Codes raised by the ARM transport itself (src/arm). ARM's own error codes
// (AuthorizationFailed, ResourceNotFound…) are passed through as the service sent them.
namespace RestoreDesk::Arm::Codes {
inline constexpr QLatin1String NotSignedIn("arm_not_signed_in");
inline constexpr QLatin1String Throttled("arm_throttled"); // Retry-After beyond what we wait
inline constexpr QLatin1String RetryBudgetExhausted("arm_retry_budget_exhausted");
inline constexpr QLatin1String NoApiBase("arm_no_api_base");
inline constexpr QLatin1String BadPage("arm_bad_page");
inline constexpr QLatin1String TooManyPages("arm_too_many_pages");
inline constexpr QLatin1String PageLoop("arm_page_loop"); // a nextLink leads to a page already read
// A 3xx answer: never followed (the bearer token would go along), an error with the answer's ids.
inline constexpr QLatin1String Redirected("arm_redirected");
// A 401 whose token renewal failed. The error's kind is the renewal's (Network, Timeout, Http for an
// issuer's server error, Auth for a refusal such as invalid_grant); args[0] is the renewal's code.
// Its httpStatus stays 401: the service did nothing with the request.
inline constexpr QLatin1String TokenRenewalFailed("token_renewal_failed");
} // namespace RestoreDesk::Arm::Codes

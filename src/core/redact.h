#pragma once

#include <QString>

namespace RestoreDesk {

// Removes secrets from text meant for logs, error messages or files: JWTs, bearer credentials,
// and the values of OAuth parameters that carry or derive secrets (code, code_verifier, tokens,
// client secrets, passwords, assertions) in query strings, form bodies, JSON and headers.
// Pure function, any thread.
QString redactSecrets(const QString &text);

} // namespace RestoreDesk

#pragma once

#include "core/error.h"

#include <optional>
#include <utility>
#include <variant>

namespace RestoreDesk {

// Either a value or an Error. The value-returning twin of Error; no exceptions cross Qt code.
//   Result<Jwt> r = Jwt::parse(text);
//   if (!r) return r.error();
template<typename T>
class Result
{
public:
    Result(T value)
        : m_data(std::move(value))
    { } // NOLINT(google-explicit-constructor)
    Result(Error error)
        : m_data(std::move(error))
    { } // NOLINT(google-explicit-constructor)

    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_data); }
    T &value() & { return std::get<T>(m_data); }
    T &&value() && { return std::get<T>(std::move(m_data)); }
    const T &operator*() const & { return value(); }
    const T *operator->() const { return &value(); }

    const Error &error() const { return std::get<Error>(m_data); }

private:
    std::variant<T, Error> m_data;
};

// Result<void>: success or an Error.
template<>
class Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
    { } // NOLINT(google-explicit-constructor)

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

} // namespace RestoreDesk

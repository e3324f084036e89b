#include "jose/randomtoken.h"

#include "core/libcrypto.h"

namespace RestoreDesk::Jose {

QByteArray base64UrlEncode(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray randomUrlSafe(int byteCount)
{
    const LibCrypto::Functions *crypto = LibCrypto::functions();
    QByteArray raw(byteCount, Qt::Uninitialized);
    if (byteCount <= 0 || !crypto
        || crypto->RAND_bytes(reinterpret_cast<unsigned char *>(raw.data()), byteCount) != 1)
        return {};
    return base64UrlEncode(raw);
}

} // namespace RestoreDesk::Jose

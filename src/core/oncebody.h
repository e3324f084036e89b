#pragma once

#include <QIODevice>

namespace RestoreDesk::Net {

// A request body that can be read once and never rewound: handed to QNetworkAccessManager
// unbuffered, it stops the network stack from quietly sending the request again when the
// connection closes before the answer (it reports ContentReSendError instead). For requests that
// must not be repeated (a POST that starts something). Owned by the request's job; its thread.
class OnceBody final : public QIODevice
{
public:
    explicit OnceBody(QByteArray data, QObject *parent = nullptr);

    bool isSequential() const override { return true; }
    bool reset() override { return false; } // never again from the start
    qint64 bytesAvailable() const override;

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_pos = 0;
};

} // namespace RestoreDesk::Net

#include "jsonlistwriter.h"

#include <QFileDevice>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>

namespace RestoreDesk::Cli {

namespace {

// Written out whenever this much has gathered (one write per chunk, not per row).
constexpr qsizetype kChunk = 64 * 1024;

} // namespace

JsonListWriter::JsonListWriter(QTextStream &out)
    : m_out(out)
{
    m_chunk.reserve(kChunk + 4096);
    m_chunk.append("[\n");
}

JsonListWriter::~JsonListWriter()
{
    finish();
}

QByteArray JsonListWriter::element(const QJsonObject &row)
{
    // "[\n" + element + "\n]\n": the element with the indentation of an array's member.
    const QByteArray wrapped = QJsonDocument(QJsonArray { row }).toJson(QJsonDocument::Indented);
    return wrapped.mid(2, wrapped.size() - 5);
}

void JsonListWriter::add(const QJsonObject &row)
{
    if (!m_finished)
        addElement(element(row));
}

void JsonListWriter::addElement(const QByteArray &element)
{
    if (m_finished)
        return;
    if (m_count > 0)
        m_chunk.append(",\n");
    m_chunk.append(element);
    ++m_count;
    if (m_chunk.size() >= kChunk)
        flush();
}

QByteArray &JsonListWriter::beginElement()
{
    if (m_finished) {
        m_discarded.clear();
        return m_discarded;
    }
    if (m_count > 0)
        m_chunk.append(",\n");
    return m_chunk;
}

void JsonListWriter::endElement()
{
    if (m_finished)
        return;
    ++m_count;
    if (m_chunk.size() >= kChunk)
        flush();
}

void JsonListWriter::addElements(const QByteArray &joined, qsizetype count)
{
    if (m_finished || count <= 0)
        return;
    if (m_count > 0)
        m_chunk.append(",\n");
    m_count += count;
    QIODevice *device = m_out.device();
    if (!device || joined.size() < kChunk / 4) {
        m_chunk.append(joined);
        if (m_chunk.size() >= kChunk)
            flush();
        return;
    }
    // A long run goes to the device as it is, after what came before it: not copied into a chunk.
    flush();
    write(device, joined);
}

void JsonListWriter::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_chunk.append(m_count > 0 ? "\n]\n" : "]\n");
    flush();
    if (auto *file = qobject_cast<QFileDevice *>(m_out.device()); file && !file->flush())
        m_lost = true; // what the file still held could not be written
}

void JsonListWriter::flush()
{
    if (m_chunk.isEmpty())
        return;
    if (QIODevice *device = m_out.device()) {
        m_out.flush();
        write(device, m_chunk);
    } else {
        m_out << QString::fromUtf8(m_chunk);
    }
    // A new buffer of the whole size (clear() would give its capacity back, and the next chunk
    // would grow, and be copied, step by step).
    m_chunk = QByteArray();
    m_chunk.reserve(kChunk + 4096);
}

void JsonListWriter::write(QIODevice *device, const QByteArray &bytes)
{
    if (m_lost)
        return; // the rest would not be whole either
    if (device->write(bytes) != bytes.size())
        m_lost = true;
}

} // namespace RestoreDesk::Cli

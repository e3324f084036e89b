// The differential check of fuzz_httpreader (the sandbox's HTTP/1.1 reader fed the same bytes
// whole, one byte at a time and in pieces must take the same requests and give the same refusal;
// a difference aborts) replayed from a plain main in every build, so it can fail in CI: every
// saved input in tests/data/http/ (the seeds and what the fuzzer found). A seed named
// bad_<status>_<what>.http must also be refused with that status, read whole.
#include "../fuzz/fuzz_httpreader.cpp"

#include <QDir>
#include <QFile>

int main()
{
    const QDir dir(QStringLiteral(RD_TEST_DATA_DIR "/http"));
    const QStringList files = dir.entryList(QDir::Files, QDir::Name);
    int inputs = 0;
    int wrong = 0;
    for (const QString &name : files) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "cannot read %s\n", qPrintable(name));
            return 1;
        }
        const QByteArray text = file.readAll();
        std::printf("%s\n", qPrintable(name));
        std::fflush(stdout);
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(text.constData()), size_t(text.size()));
        ++inputs;
        if (name.startsWith(QLatin1String("bad_"))) {
            bool ok = false;
            const int expected = name.section(QLatin1Char('_'), 1, 1).toInt(&ok);
            const int got = read(text, [&](qsizetype) { return text.size(); }).badStatus;
            if (!ok || got != expected) {
                std::fprintf(stderr, "%s: refused with %d, its name says %s\n", qPrintable(name), got,
                             ok ? qPrintable(QString::number(expected)) : "no status");
                ++wrong;
            }
        }
    }
    if (wrong > 0) {
        std::fprintf(stderr, "%d bad_ inputs not refused as their names say\n", wrong);
        return 1;
    }
    if (inputs == 0) {
        std::fprintf(stderr, "no saved inputs in %s\n", RD_TEST_DATA_DIR "/http");
        return 1;
    }
    std::printf("replayed %d inputs: the same requests however the bytes are cut\n", inputs);
    return 0;
}

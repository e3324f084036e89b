// A library named as OpenSSL 3's libcrypto (libcrypto.so.3) that holds none of its functions: what
// tst_cli_libraries_e2e puts first on LD_LIBRARY_PATH to see the CLI say it cannot use it.
extern "C" __attribute__((visibility("default"))) int restoredesk_fake_libcrypto()
{
    return 3;
}

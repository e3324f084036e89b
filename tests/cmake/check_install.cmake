# What `cmake --install` puts where: the executables, and the built-in sandbox's module and the
# keychain's in the library folder they look in (app/gui/sandboxlauncher.cpp:
# RD_SANDBOX_MODULE_FROM_BIN, src/auth/keychainstore.cpp: RD_KEYCHAIN_MODULE_FROM_BIN), so an
# installed console still has its sandbox and its keychain. Left in place as the fixture
# `install_layout`.
#
#   cmake -DBUILD=<build dir> -DPREFIX=<scratch prefix> -DBINDIR=<bin> -DMODULE=<lib/.../restoredesk/file>
#         -DKEYCHAIN_MODULE=<lib/.../restoredesk/file> -P check_install.cmake
foreach(var BUILD PREFIX BINDIR MODULE KEYCHAIN_MODULE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_install: ${var} is not set")
  endif()
endforeach()
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD}" --prefix "${PREFIX}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "check_install: cmake --install failed (${rc})\n${out}\n${err}")
endif()
foreach(file "${BINDIR}/restoredesk" "${BINDIR}/restoredesk-cli" "${BINDIR}/restoredesk-sandbox" "${MODULE}"
             "${KEYCHAIN_MODULE}")
  if(NOT EXISTS "${PREFIX}/${file}")
    message(FATAL_ERROR "check_install: ${file} is not installed\n${out}")
  endif()
  message(STATUS "installed: ${file}")
endforeach()
# The install stays (until the next run) for tst_sandboxlauncher_installed, which loads the
# installed module where the installed console looks for it.

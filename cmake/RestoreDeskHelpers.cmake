# Shared build settings for every Restore Desk target, and the layering check.

# Layers below ui/ register themselves here; rd_check_layering() proves none of them reaches
# Qt6::Widgets, directly or through another target, and that no product library (any library
# defined under src/ or ui/, except the sandbox's own folder) reaches the sandbox library.
set_property(GLOBAL PROPERTY RD_NON_WIDGET_TARGETS "")

# rd_target_defaults(target [RELAXED_STRINGS]): RELAXED_STRINGS (tests only) allows implicit
# const char* -> QString, which data-driven tests lean on heavily.
function(rd_target_defaults target)
  cmake_parse_arguments(ARG "RELAXED_STRINGS" "" "" ${ARGN})
  if(NOT ARG_RELAXED_STRINGS)
    target_compile_definitions(${target} PRIVATE QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII)
  endif()
  target_compile_definitions(${target} PRIVATE
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_FOREACH
    QT_NO_KEYWORDS
    QT_DISABLE_DEPRECATED_BEFORE=0x060400)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
      -Wcast-align -Woverloaded-virtual -Wformat=2 -Wimplicit-fallthrough)
    if(RD_WARNINGS_AS_ERRORS)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
    if(RD_SANITIZE)
      target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
        -fno-sanitize-recover=undefined)
      target_link_options(${target} PRIVATE -fsanitize=address,undefined)
    endif()
  endif()
  if(RD_CLANG_TIDY)
    find_program(RD_CLANG_TIDY_EXE NAMES clang-tidy REQUIRED)
    set_target_properties(${target} PROPERTIES CXX_CLANG_TIDY "${RD_CLANG_TIDY_EXE}")
  endif()
endfunction()

# A library of one layer under src/ (never links Widgets).
function(rd_add_layer name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC;PRIVATE" ${ARGN})
  add_library(rd_${name} STATIC ${ARG_SOURCES})
  add_library(RestoreDesk::${name} ALIAS rd_${name})
  target_include_directories(rd_${name} PUBLIC "${PROJECT_SOURCE_DIR}/src")
  target_link_libraries(rd_${name} PUBLIC ${ARG_PUBLIC} PRIVATE ${ARG_PRIVATE})
  set_target_properties(rd_${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  rd_target_defaults(rd_${name})
  set_property(GLOBAL APPEND PROPERTY RD_NON_WIDGET_TARGETS rd_${name})
endfunction()

function(rd_mark_non_widget target)
  set_property(GLOBAL APPEND PROPERTY RD_NON_WIDGET_TARGETS ${target})
endfunction()

# Walks the link graph of every registered target; a path to Qt6::Widgets fails the configure.
function(_rd_collect_links target out_var)
  set(seen ${${out_var}})
  if(NOT TARGET ${target})
    set(${out_var} ${seen} PARENT_SCOPE)
    return()
  endif()
  get_target_property(aliased ${target} ALIASED_TARGET)
  if(aliased)
    set(target ${aliased})
  endif()
  list(FIND seen ${target} idx)
  if(NOT idx EQUAL -1)
    set(${out_var} ${seen} PARENT_SCOPE)
    return()
  endif()
  list(APPEND seen ${target})
  get_target_property(type ${target} TYPE)
  set(links "")
  if(NOT type STREQUAL "INTERFACE_LIBRARY")
    get_target_property(direct ${target} LINK_LIBRARIES)
    if(direct)
      list(APPEND links ${direct})
    endif()
  endif()
  get_target_property(iface ${target} INTERFACE_LINK_LIBRARIES)
  if(iface)
    list(APPEND links ${iface})
  endif()
  foreach(dep IN LISTS links)
    string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" dep "${dep}")
    if(dep MATCHES "\\$<")
      # A conditional link ($<$<CONFIG:Debug>:x>) counts as a link: every name in it that is a
      # target is followed, so no configuration can slip past the check.
      string(REGEX MATCHALL "[A-Za-z0-9_.+-]+(::[A-Za-z0-9_.+-]+)*" names "${dep}")
      foreach(name IN LISTS names)
        if(TARGET ${name})
          _rd_collect_links(${name} seen)
        endif()
      endforeach()
      continue()
    endif()
    _rd_collect_links(${dep} seen)
  endforeach()
  set(${out_var} ${seen} PARENT_SCOPE)
endfunction()

# Every target defined in `dir` and the folders below it.
function(_rd_targets_below dir out_var)
  get_property(found DIRECTORY "${dir}" PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY "${dir}" PROPERTY SUBDIRECTORIES)
  foreach(sub IN LISTS subdirs)
    _rd_targets_below("${sub}" more)
    list(APPEND found ${more})
  endforeach()
  set(${out_var} ${found} PARENT_SCOPE)
endfunction()

function(rd_check_layering)
  get_property(targets GLOBAL PROPERTY RD_NON_WIDGET_TARGETS)
  foreach(t IN LISTS targets)
    set(reached "")
    _rd_collect_links(${t} reached)
    foreach(r IN LISTS reached)
      if(r MATCHES "Qt6?::Widgets|Qt6Widgets|^Qt::Widgets$" OR r STREQUAL "Qt6::Widgets")
        message(FATAL_ERROR "Layering: ${t} reaches ${r}; only ui/ may link Qt Widgets")
      endif()
    endforeach()
  endforeach()

  # The sandbox is a leaf: only the executables (app/) and the tests may link it. Product
  # libraries are found by folder, so one added with plain add_library() is checked too.
  if(NOT TARGET rd_sandbox)
    return()
  endif()
  _rd_targets_below("${PROJECT_SOURCE_DIR}" all)
  foreach(t IN LISTS all)
    get_target_property(type ${t} TYPE)
    get_target_property(dir ${t} SOURCE_DIR)
    file(RELATIVE_PATH rel "${PROJECT_SOURCE_DIR}" "${dir}")
    if(NOT type MATCHES "LIBRARY$" OR NOT rel MATCHES "^(src|ui)(/|$)" OR rel MATCHES "^src/sandbox(/|$)")
      continue()
    endif()
    set(reached "")
    _rd_collect_links(${t} reached)
    if(rd_sandbox IN_LIST reached)
      message(FATAL_ERROR "Layering: ${t} reaches rd_sandbox; only the executables in app/ and the "
                          "tests may link the sandbox (${rel} is a product library)")
    endif()
  endforeach()
endfunction()

# What `cmake --install` puts beside the binaries and plugins, and the `dms` Debian package (CPack).
#
#   <prefix>/share/dms/ui/                 the operator dashboard (dms-host finds it beside its binary)
#   <prefix>/lib/systemd/system/           dms-host.service, its paths rewritten for <prefix>
#   <sysconfdir>/dms/dms-host.env          the settings file the unit reads (a conffile in the package)
#   <prefix>/share/doc/dms/                README and docs
#
# The package installs under CMAKE_INSTALL_PREFIX, the prefix the binaries were built for (the installed
# plugin directory is compiled in): configure with -DCMAKE_INSTALL_PREFIX=/usr for a distribution-style
# package, as deploy/Dockerfile does; the default /usr/local gives a package for /usr/local.
#   cmake --build build && (cd build && cpack -G DEB)      ->  build/packages/dms_<version>_<arch>.deb

set(DMS_SYSTEMD_UNIT_DIR "${CMAKE_INSTALL_PREFIX}/lib/systemd/system" CACHE PATH "Where dms-host.service is installed")
set(DMS_UNIT_SOURCE ${PROJECT_SOURCE_DIR}/deploy/systemd/dms-host.service)

# The unit in the tree runs /usr/local/bin/dms-host and reads /etc/dms; the installed one names this
# prefix's binary and settings file.
file(READ ${DMS_UNIT_SOURCE} DMS_UNIT_TEXT)
string(REPLACE "ExecStart=/usr/local/bin/dms-host" "ExecStart=${CMAKE_INSTALL_FULL_BINDIR}/dms-host"
       DMS_UNIT_TEXT "${DMS_UNIT_TEXT}")
string(REPLACE "EnvironmentFile=-/etc/dms/" "EnvironmentFile=-${CMAKE_INSTALL_FULL_SYSCONFDIR}/dms/"
       DMS_UNIT_TEXT "${DMS_UNIT_TEXT}")
file(CONFIGURE OUTPUT ${PROJECT_BINARY_DIR}/deploy/dms-host.service CONTENT "${DMS_UNIT_TEXT}" @ONLY)
set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${DMS_UNIT_SOURCE})

install(DIRECTORY ${PROJECT_SOURCE_DIR}/ui/ DESTINATION ${CMAKE_INSTALL_DATADIR}/dms/ui COMPONENT ui)
install(FILES ${PROJECT_BINARY_DIR}/deploy/dms-host.service DESTINATION ${DMS_SYSTEMD_UNIT_DIR} COMPONENT service)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/systemd/dms-host.env
        DESTINATION ${CMAKE_INSTALL_SYSCONFDIR}/dms COMPONENT service)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT service)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs COMPONENT service)

# --- CPack: one `dms` .deb with the host, dmsctl, the bundled plugins, the dashboard and the unit. The SDK
# (component sdk) stays out of it: plugin authors install it with `cmake --install build --component sdk`.
set(CPACK_PACKAGE_NAME dms)
set(CPACK_PACKAGE_VENDOR "DMS")
set(CPACK_PACKAGE_CONTACT "DMS maintainers <dms@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_COMPONENTS_ALL Unspecified plugins ui service)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)

set(CPACK_DEBIAN_PACKAGE_NAME dms)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://localhost/dms")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "DMS runs data-moving tasks: dms-host (REST API, durable priority queues, executor plugins), dmsctl, \
the bundled plugins, the operator dashboard and a sandboxed systemd unit.")
# The runtime libraries, as dpkg-shlibdeps finds them in the binaries and plugins (libboost-url,
# libsqlite3, libspdlog, libhiredis, libssl, libxxhash, libstdc++ ...), plus the time zone database.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "tzdata, adduser | passwd")
# The settings file is the operator's: an upgrade keeps their edits (dpkg asks).
file(CONFIGURE OUTPUT ${PROJECT_BINARY_DIR}/deploy/conffiles
     CONTENT "${CMAKE_INSTALL_FULL_SYSCONFDIR}/dms/dms-host.env\n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_BINARY_DIR}/deploy/conffiles
    ${PROJECT_SOURCE_DIR}/deploy/debian/postinst
    ${PROJECT_SOURCE_DIR}/deploy/debian/prerm
    ${PROJECT_SOURCE_DIR}/deploy/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)

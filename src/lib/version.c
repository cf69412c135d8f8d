/* version.c — the library's version, generated from CMakeLists.txt's
 * project(VERSION) into yijia_version.h. */
#include "yijia.h"

const char *yj_version(void)
{
    return YJ_VERSION_STRING;
}

/* i18n.h — messages in the reader's language (GNU gettext, text domain
 * "yijia", po/zh_CN.po).  _() translates a message where it is used; N_()
 * marks one that is translated later, where it is shown; C_() translates
 * a short word in a context.  Messages given
 * to yj_fail and yj_fail_input are translated there: they need no mark
 * (xgettext finds them by those names, see po/CMakeLists.txt).  The tool
 * binds the domain to its locale directory (src/cli/main.c); a program
 * using the library without binding it gets the messages in English, or
 * from the system's locale directory. */
#ifndef YJ_I18N_H
#define YJ_I18N_H

#include <libintl.h>

#define YJ_TEXTDOMAIN "yijia"
#define _(s) dgettext(YJ_TEXTDOMAIN, s)
#define N_(s) s
/* A short word translated in a context (pgettext: "Mo" of opening hours,
 * not another "Mo"); the word itself when it has no translation. */
#define C_(ctx, s) yj_pgettext(ctx "\004" s, s)
static inline const char *yj_pgettext(const char *key, const char *word)
{
    const char *t = dgettext(YJ_TEXTDOMAIN, key);
    return t == key ? word : t;
}

#endif

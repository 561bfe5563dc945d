#pragma once
// What the CLI makes of a failure's kind (dxlens/error.h): the exit status and
// how the message is shown. Decided from the kind only, never the message text.
#include <exception>
#include <string>

#include "dxlens/error.h"

namespace dxlens {
namespace cli {

// Every failure of a model or an image is exit status 1 (README: 0 ok, 1 a
// model or image failed, 2 usage). The switch makes a new kind a decision.
int exit_status(ErrorKind kind);

// "error (corrupt): <message>": the kind's stable name, then the message.
std::string error_line(ErrorKind kind, const std::string& message);

// The kind of any exception a command caught: the Error's own, else Internal
// (bad_alloc on a huge image and the like).
ErrorKind kind_of(const std::exception& e);

}  // namespace cli
}  // namespace dxlens

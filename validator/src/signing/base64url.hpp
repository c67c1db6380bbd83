#pragma once
// base64url without padding (RFC 4648 §5), strict on decode: only the URL-safe alphabet, no padding, no
// whitespace, and no stray bits in the last character — so one byte string has exactly one text.
#include "cxjf/envelope.hpp"  // declares base64url_encode / base64url_decode

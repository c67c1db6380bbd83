#pragma once
// Turning findings into text: messages by rule ID from forms/2025/messages.{zh,en}.json.
#include <string>
#include <string_view>

#include "cxjf/check.hpp"

namespace cxjf {

// The message of one finding, in one language, with its parameters filled in.
std::string render_message(const Engine& engine, const Finding& finding, Lang lang);

// The text of a plain message key such as "status.ok" or "severity.warning"; the key itself when unknown.
std::string message_term(const Engine& engine, const std::string& key, Lang lang);

// Text safe to write to a terminal or a text report line: control characters (C0, DEL, C1), bidirectional
// formatting characters and bytes that are not UTF-8 are shown as escapes — "\n", "\t", "\x1b", "\u202e", "\xff" —
// so a file name or a filing's text can neither split a report line nor drive the terminal.
std::string display_text(std::string_view text);

// A file name as the JSON and CSV reports write it: the name itself when it is UTF-8, else with each byte that is
// not UTF-8 written "\xNN" (distinct names stay distinct; the JSON report adds the exact bytes as "fileHex").
std::string file_name_text(std::string_view name);

// One file's result as the JSON object of DESIGN §6, compact, on one line; "file" is included when given (and
// "fileHex", the name's bytes in hex, when the name is not UTF-8).
// "scores" holds one summary per profile ({score, max, eligible, …}); the estimate carries its label.
std::string result_json(const Engine& engine, const CheckResult& result, const std::string* file = nullptr);
// The same object with its closing brace left off, for a caller that adds members of its own (then writes "}").
std::string result_json_open(const Engine& engine, const CheckResult& result, const std::string* file = nullptr);

// "absent" | "unverified" | "valid" | "invalid".
const char* to_string(SignatureStatus s);

// The "signature" object of result_json.
std::string signature_json(const SignatureInfo& signature);

// The "scores" object of result_json: {"tech-sme": {"score", "max", "eligible", …}, …}.
std::string scores_summary_json(const CheckResult& result);

// One profile's full result (every indicator with value, band, points, max and hint; conditions; routes),
// with hint texts in both languages.
std::string score_json(const Engine& engine, const ProfileScore& score);

// "2024 年研发费用 +82.4万元 → +10 分" / "R&D expense 2024 +CNY 824,000 → +10 points".
std::string hint_text(const Engine& engine, const Hint& hint, Lang lang);

// Points as text: "20", "7.5", "62.25".
std::string points_text(double points);

// A percentile as the reports write it: one decimal ("73.5", "100.0").
std::string percent_text(double percentile);

}  // namespace cxjf

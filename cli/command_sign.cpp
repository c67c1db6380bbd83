// cxjf keygen, cxjf sign, cxjf verify: keys and signed files with OpenSSL (DESIGN §5).
#include <sys/stat.h>

#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "cxjf/envelope.hpp"
#include "cxjf/report.hpp"
#include "args.hpp"
#include "batch.hpp"
#include "exit_code.hpp"
#include "inputs.hpp"
#include "cxjf/native_crypto.hpp"

#include <nlohmann/json.hpp>

namespace cxjf::cli {

const char* const kKeygenHelp = R"(usage: cxjf keygen --out KEY.pem [--alg Ed25519|SM2-SM3] [--force]

Makes a new signing key and writes it as PKCS#8 PEM, readable by its owner only; prints its algorithm, key ID and
public key. An existing file is never overwritten without --force. Default algorithm: Ed25519.
)";

const char* const kSignHelp = R"(usage: cxjf sign --key KEY.pem [--out FILE] [--check-date YYYY-MM-DD] [--signed-at TIME] FILE

Checks the filing (FILE, or - for standard input) and, when it has no error and every warning is explained, writes
the signed envelope (cxjf.envelope/1) to FILE given by --out or to standard output.
exit status: 0 signed, 1 the filing is not signable (its findings are listed), 2 usage or I/O error.
)";

const char* const kVerifyHelp = R"(usage: cxjf verify [--keys FILE] [--format text|json] [--lang zh|en] FILE...

Verifies signed envelopes (files, directories searched for *.json, or - for standard input): strict reading, the
signature, the key registry given by --keys (cxjf.keys/1), and the claimed check against this engine's own.
exit status: 0 every file validly signed, 1 some file is not, 2 usage error or a file that cannot be read.
)";

namespace {


}  // namespace

int command_keygen(const std::vector<std::string>& raw) {
    const Args a = parse_args(raw, {{"--out", "--alg"}, {"--force"}, {}});
    if (!a.positional.empty()) throw UsageError("no FILE is taken; the key goes to --out");
    const auto out = a.value("--out");
    if (!out) throw UsageError("--out KEY.pem is required");
    struct stat st{};
    if (stat(out->c_str(), &st) == 0 && !a.has("--force"))
        throw std::runtime_error(*out + " exists; a signing key is never overwritten without --force");
    const auto key = crypto::generate_key(a.value("--alg").value_or("Ed25519"));
    const mode_t old = umask(077);  // the private key is readable by its owner only
    std::ofstream f(*out, std::ios::binary | std::ios::trunc);
    umask(old);
    f << crypto::private_key_pem(key);
    if (!f.flush()) throw std::runtime_error("cannot write " + *out);
    std::cout << "alg: " << key.alg << "\nkeyId: " << key_id(key.publicKey) << "\npublicKey: " << base64url_encode(key.publicKey) << "\n";
    return kExitOk;
}

int command_sign(const std::vector<std::string>& raw) {
    const Args a = parse_args(raw, {{"--key", "--out", "--check-date", "--signed-at"}, {}, {}});
    if (a.positional.size() != 1) throw UsageError(a.positional.empty() ? "no FILE given" : "one FILE only");
    const auto keyFile = a.value("--key");
    if (!keyFile) throw UsageError("--key KEY.pem is required");
    CheckOptions options;
    if (auto date = a.value("--check-date")) {
        options.checkDate = Date::parse(*date);
        if (!options.checkDate) throw UsageError("--check-date expects YYYY-MM-DD");
    }
    const auto key = crypto::load_private_key(read_text(*keyFile, "key"));
    const std::string file = a.positional[0];
    const InputBytes in = read_input(Input{file, file == "-", ""}, options.limits, std::chrono::steady_clock::now());
    if (in.failure) {
        const CheckResult unreadable = Engine::unreadable(*in.failure, options.limits);
        throw std::runtime_error("cannot read " + display_text(file) + ": " +
                                 display_text(render_message(Engine::builtin(), unreadable.findings.front(), Lang::en)));
    }
    SigningInput input;
    if (auto at = a.value("--signed-at")) input.signedAt = input.checkedAt = *at;
    const SignedEnvelope signed_ = sign_envelope(Engine::builtin(), in.bytes, crypto::NativeSigner(key), input, options);
    if (signed_.envelope.empty()) {
        std::cerr << "cxjf sign: " << display_text(file) << " cannot be signed: fix every error and explain every warning first\n";
        for (const auto& f : signed_.prepared.result.findings)
            if (f.severity == Severity::error || !f.explained)
                std::cerr << "  " << f.rule << "  " << display_text(f.path.empty() ? "/" : f.path) << "  "
                          << display_text(render_message(Engine::builtin(), f, Lang::zh)) << "\n";
        return kExitFindings;
    }
    const std::string& envelope = signed_.envelope;
    if (auto out = a.value("--out")) {
        std::ofstream f(*out, std::ios::binary | std::ios::trunc);
        f << envelope;
        if (!f.flush()) throw std::runtime_error("cannot write " + *out);
    } else {
        std::cout << envelope;
    }
    return kExitOk;
}

int command_verify(const std::vector<std::string>& raw) {
    const Args a = parse_args(raw, {{"--keys", "--format", "--lang"}, {}, {}});
    if (a.positional.empty()) throw UsageError("no FILE given");
    const std::string format = a.value("--format").value_or("text"), langName = a.value("--lang").value_or("zh");
    if (format != "text" && format != "json") throw UsageError("--format is text or json");
    if (langName != "zh" && langName != "en") throw UsageError("--lang is zh or en");
    const bool json = format == "json";
    const Lang lang = langName == "en" ? Lang::en : Lang::zh;
    std::optional<KeyRegistry> keys;
    if (auto file = a.value("--keys")) keys = KeyRegistry::parse(read_text(*file, "key registry"));
    const crypto::NativeVerifier verifier;
    CheckOptions options;
    options.verifier = &verifier;
    options.keys = keys ? &*keys : nullptr;
    options.scores = ScoreDetail::summary;
    int exit = kExitOk;
    for (const auto& input : collect_inputs("verify", a.positional)) {
        bool ioFailure = false;
        const CheckResult r = check_input(Engine::builtin(), input, options, ioFailure);
        const SignatureInfo& s = r.signatureInfo;
        if (s.status != SignatureStatus::valid) exit = std::max(exit, static_cast<int>(kExitFindings));
        if (ioFailure) exit = kExitUsageOrIo;
        if (json) {
            std::cout << "{\"file\":" << nlohmann::json(file_name_text(input.name)).dump() << ",\"status\":\"" << to_string(r.status)
                      << "\",\"signature\":" << signature_json(s) << "}\n";
            continue;
        }
        std::cout << (s.status == SignatureStatus::valid ? "✓ " : "✗ ") << display_text(input.name) << "  "
                  << (r.status == Status::unreadable ? to_string(r.status) : to_string(s.status));
        if (!s.keyId.empty()) std::cout << display_text("  keyId " + s.keyId + "  " + s.alg + "  " + s.signedAt);
        std::cout << "\n";
        for (const auto& f : r.findings)
            if (f.rule.rfind("E-", 0) == 0 || f.rule.rfind("J-", 0) == 0 || f.rule.rfind("F-", 0) == 0 || f.rule == "X-INTERNAL")
                std::cout << "  " << f.rule << "  " << display_text(render_message(Engine::builtin(), f, lang)) << "\n";
        for (const auto& d : s.differences)
            std::cout << "  " << (lang == Lang::zh ? "检查结论不同：" : "claim differs: ")
                      << display_text(d.field + " " + d.claimed + " → " + d.actual) << "\n";
    }
    return exit;
}

}  // namespace cxjf::cli

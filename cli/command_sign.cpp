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
#include "exit_code.hpp"
#include "inputs.hpp"
#include "openssl_crypto.hpp"

#include <nlohmann/json.hpp>

namespace cxjf::cli {
namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;
    std::set<std::string> flags;
};

Args parse(const std::vector<std::string>& args, const std::set<std::string>& withValue, const std::set<std::string>& flags) {
    Args a;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& s = args[i];
        if (withValue.count(s)) {
            if (i + 1 >= args.size()) throw std::runtime_error(s + " needs a value");
            a.options[s] = args[++i];
        } else if (flags.count(s)) {
            a.flags.insert(s);
        } else if (!s.empty() && s[0] == '-' && s != "-") {
            throw std::runtime_error("unknown option " + s);
        } else {
            a.positional.push_back(s);
        }
    }
    return a;
}

}  // namespace

int command_keygen(const std::vector<std::string>& raw) {
    try {
        const Args a = parse(raw, {"--out", "--alg"}, {"--force"});
        if (!a.positional.empty() || !a.options.count("--out"))
            throw std::runtime_error("usage: cxjf keygen --out KEY.pem [--alg Ed25519|SM2-SM3] [--force]");
        const std::string out = a.options.at("--out");
        struct stat st{};
        if (stat(out.c_str(), &st) == 0 && !a.flags.count("--force"))
            throw std::runtime_error(out + " exists; a signing key is never overwritten without --force");
        const auto key = crypto::generate_key(a.options.count("--alg") ? a.options.at("--alg") : "Ed25519");
        const mode_t old = umask(077);  // the private key is readable by its owner only
        std::ofstream f(out, std::ios::binary | std::ios::trunc);
        umask(old);
        f << crypto::private_key_pem(key);
        if (!f.flush()) throw std::runtime_error("cannot write " + out);
        std::cout << "alg: " << key.alg << "\nkeyId: " << key_id(key.publicKey) << "\npublicKey: " << base64url_encode(key.publicKey) << "\n";
        return kExitOk;
    } catch (const std::exception& e) {
        std::cerr << "cxjf keygen: " << e.what() << "\n";
        return kExitUsageOrIo;
    }
}

int command_sign(const std::vector<std::string>& raw) {
    Args a;
    try {
        a = parse(raw, {"--key", "--out", "--check-date", "--signed-at"}, {});
        if (a.positional.size() != 1 || !a.options.count("--key"))
            throw std::runtime_error("usage: cxjf sign --key KEY.pem [--out FILE] FILE");
    } catch (const std::exception& e) {
        std::cerr << "cxjf sign: " << e.what() << "\n";
        return kExitUsageOrIo;
    }
    try {
        const auto key = crypto::load_private_key(read_text(a.options.at("--key")));
        CheckOptions options;
        if (a.options.count("--check-date")) {
            options.checkDate = Date::parse(a.options.at("--check-date"));
            if (!options.checkDate) throw std::runtime_error("--check-date expects YYYY-MM-DD");
        }
        const std::string file = a.positional[0];
        const InputBytes in = read_input(Input{file, file == "-", ""}, options.limits.maxBytes);
        if (!in.ok) throw std::runtime_error("cannot read " + file + (in.tooLarge ? ": too large" : ": " + in.problem));
        SigningInput input;
        input.alg = key.alg;
        input.publicKey = key.publicKey;
        if (a.options.count("--signed-at")) input.signedAt = input.checkedAt = a.options.at("--signed-at");
        const PreparedEnvelope prepared = prepare_envelope(Engine::builtin(), in.bytes, input, options);
        if (!prepared.signable) {
            std::cerr << "cxjf sign: " << file << " cannot be signed: fix every error and explain every warning first\n";
            for (const auto& f : prepared.result.findings)
                if (f.severity == Severity::error || !f.explained)
                    std::cerr << "  " << f.rule << "  " << (f.path.empty() ? "/" : f.path) << "  "
                              << render_message(Engine::builtin(), f, Lang::zh) << "\n";
            return kExitFindings;
        }
        const std::string envelope = complete_envelope(prepared, crypto::sign(key, prepared.signedBytes));
        if (a.options.count("--out")) {
            std::ofstream f(a.options.at("--out"), std::ios::binary | std::ios::trunc);
            f << envelope;
            if (!f.flush()) throw std::runtime_error("cannot write " + a.options.at("--out"));
        } else {
            std::cout << envelope;
        }
        return kExitOk;
    } catch (const std::exception& e) {
        std::cerr << "cxjf sign: " << e.what() << "\n";
        return kExitUsageOrIo;
    }
}

int command_verify(const std::vector<std::string>& raw) {
    Args a;
    try {
        a = parse(raw, {"--keys", "--format", "--lang"}, {});
        if (a.positional.empty()) throw std::runtime_error("usage: cxjf verify [--keys FILE] [--format text|json] FILE...");
    } catch (const std::exception& e) {
        std::cerr << "cxjf verify: " << e.what() << "\n";
        return kExitUsageOrIo;
    }
    const bool json = a.options.count("--format") && a.options.at("--format") == "json";
    const Lang lang = a.options.count("--lang") && a.options.at("--lang") == "en" ? Lang::en : Lang::zh;
    std::optional<KeyRegistry> keys;
    try {
        if (a.options.count("--keys")) keys = KeyRegistry::parse(read_text(a.options.at("--keys")));
    } catch (const std::exception& e) {
        std::cerr << "cxjf verify: " << e.what() << "\n";
        return kExitUsageOrIo;
    }
    const crypto::NativeVerifier verifier;
    CheckOptions options;
    options.verifier = &verifier;
    options.keys = keys ? &*keys : nullptr;
    options.scores = ScoreDetail::summary;
    int exit = kExitOk;
    for (const auto& input : expand_inputs(a.positional)) {
        const InputBytes in = read_input(input, options.limits.maxBytes);
        CheckResult r;
        if (in.ok) r = Engine::builtin().check(in.bytes, options);
        else r = Engine::unreadable(Finding{in.tooLarge ? "J-SIZE" : "F-IO", "", Severity::error, "", {Param::Text("detail", in.problem)}, false});
        const SignatureInfo& s = r.signatureInfo;
        if (s.status != SignatureStatus::valid) exit = std::max(exit, static_cast<int>(kExitFindings));
        if (!in.ok) exit = kExitUsageOrIo;
        if (json) {
            std::cout << "{\"file\":" << nlohmann::json(input.name).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                      << ",\"signature\":" << signature_json(s) << "}\n";
            continue;
        }
        std::cout << (s.status == SignatureStatus::valid ? "✓ " : "✗ ") << input.name << "  " << to_string(s.status);
        if (!s.keyId.empty()) std::cout << "  keyId " << s.keyId << "  " << s.alg << "  " << s.signedAt;
        std::cout << "\n";
        for (const auto& f : r.findings)
            if (f.rule.rfind("E-", 0) == 0 || f.rule.rfind("J-", 0) == 0 || f.rule == "F-IO")
                std::cout << "  " << f.rule << "  " << render_message(Engine::builtin(), f, lang) << "\n";
        for (const auto& d : s.differences)
            std::cout << "  " << (lang == Lang::zh ? "检查结论不同：" : "claim differs: ") << d.field << " " << d.claimed << " → " << d.actual << "\n";
    }
    return exit;
}

}  // namespace cxjf::cli

#include "handout/print.h"

#include <cups/cups.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>

#include "handout/output.h"

namespace hc::handout {
namespace {

constexpr const char* kNoServer =
    "No printing service (CUPS) is running on this computer, so the handout cannot be printed. "
    "Save it as a PDF instead.";

struct HttpClose {
    void operator()(http_t* h) const { if (h != nullptr) httpClose(h); }
};
using Http = std::unique_ptr<http_t, HttpClose>;

struct Dests {
    int count = 0;
    cups_dest_t* dests = nullptr;
    ~Dests() { cupsFreeDests(count, dests); }
};

// Connects to the chosen server, or fails with NoServer. A domain socket path connects
// without a port.
Http connect(const std::string& server) {
    std::string host = server.empty() ? std::string(cupsServer()) : server;
    int port = ippPort();
    if (!host.empty() && host[0] != '/') {
        const auto colon = host.rfind(':');
        if (colon != std::string::npos && host.find(']') == std::string::npos) {
            const int p = std::atoi(host.c_str() + colon + 1);
            if (p > 0 && p < 65536) port = p;
            host.resize(colon);
        }
    }
    Http http(httpConnect2(host.c_str(), port, nullptr, AF_UNSPEC, HTTP_ENCRYPTION_IF_REQUESTED, 1, 3000, nullptr));
    if (!http) throw PrintError(PrintError::Kind::NoServer, kNoServer);
    return http;
}

void load_dests(http_t* http, Dests& d) {
    d.count = cupsGetDests2(http, &d.dests);
    if (d.count == 0 && cupsLastError() > IPP_STATUS_OK_EVENTS_COMPLETE &&
        cupsLastError() != IPP_STATUS_ERROR_NOT_FOUND) {
        // The socket opened but nobody speaks IPP there: treat as no service.
        throw PrintError(PrintError::Kind::NoServer, kNoServer);
    }
}

std::string option(const cups_dest_t& d, const char* name) {
    const char* v = cupsGetOption(name, d.num_options, d.options);
    return v != nullptr ? v : "";
}

}  // namespace

std::vector<Printer> list_printers(const std::string& server) {
    Http http = connect(server);
    Dests d;
    load_dests(http.get(), d);
    std::vector<Printer> out;
    for (int i = 0; i < d.count; ++i) {
        const cups_dest_t& dest = d.dests[i];
        if (dest.instance != nullptr) continue;  // instances are option presets of a printer
        Printer p;
        p.name = dest.name;
        p.info = option(dest, "printer-info");
        p.location = option(dest, "printer-location");
        const std::string state = option(dest, "printer-state");
        p.state = state == "3" ? "idle" : state == "4" ? "printing" : state == "5" ? "stopped" : "";
        p.is_default = dest.is_default != 0;
        out.push_back(std::move(p));
    }
    return out;
}

std::string job_title(std::string_view tag) {
    std::string clean;
    for (const char c : tag) {
        if (clean.size() >= 32) break;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') clean += c;
    }
    return clean.empty() ? "hairconsult-handout" : "hairconsult-handout-" + clean;
}

int print_pdf_file(const std::filesystem::path& pdf, const std::string& printer, const std::string& server,
                   std::string_view tag) {
    Http http = connect(server);
    Dests d;
    load_dests(http.get(), d);
    if (cupsGetDest(printer.c_str(), nullptr, d.count, d.dests) == nullptr) {
        throw PrintError(PrintError::Kind::NoPrinter, "there is no printer named '" + printer + "'");
    }
    const std::string title = job_title(tag);
    const int job = cupsPrintFile2(http.get(), printer.c_str(), pdf.c_str(), title.c_str(), 0, nullptr);
    if (job <= 0) {
        const char* why = cupsLastErrorString();
        throw PrintError(PrintError::Kind::Failed,
                         "printing to '" + printer + "' failed: " + (why != nullptr ? why : "unknown error"));
    }
    return job;
}

int print_pdf(std::string_view pdf_bytes, const std::string& printer, const std::string& server, std::string_view tag) {
    std::error_code ec;
    std::string templ = (std::filesystem::temp_directory_path(ec) / "hairconsult-print-XXXXXX").string();
    const int fd = ::mkstemp(templ.data());  // 0600
    if (fd < 0) throw PrintError(PrintError::Kind::Failed, "cannot create a temporary file to print from");
    ::close(fd);
    const std::filesystem::path path = templ;
    try {
        write_private_file(path, pdf_bytes, true);
        const int job = print_pdf_file(path, printer, server, tag);
        std::filesystem::remove(path);
        return job;
    } catch (...) {
        std::filesystem::remove(path, ec);
        throw;
    }
}

}  // namespace hc::handout

// Printing through CUPS: list the printers, send a handout PDF to one. With no CUPS server
// the error says so plainly and suggests saving a PDF instead.
//
// `server` selects the CUPS server: empty means the user's default (CUPS_SERVER, client.conf,
// the local socket); otherwise "host", "host:port" or the path of a domain socket.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "handout/handout.h"

namespace hc::handout {

class PrintError : public HandoutError {
public:
    enum class Kind { NoServer, NoPrinter, Failed };
    PrintError(Kind kind, const std::string& message) : HandoutError(message), kind_(kind) {}
    Kind kind() const { return kind_; }
private:
    Kind kind_;
};

struct Printer {
    std::string name;
    std::string info;       // human description, may be empty
    std::string location;   // may be empty
    std::string state;      // "idle", "printing", "stopped" or ""
    bool is_default = false;
};

// The printers the server knows (possibly none). Throws PrintError::NoServer when no CUPS
// server answers ("No printing service (CUPS) is running ... Save as PDF instead.").
std::vector<Printer> list_printers(const std::string& server = {});

// The title every handout job gets: fixed words plus `tag` reduced to [A-Za-z0-9_-] (at most
// 32 characters; pass a consultation id, never a name). Print queues keep job titles.
std::string job_title(std::string_view tag);

// Sends the PDF file to `printer`; returns the CUPS job id. Throws PrintError: NoServer,
// NoPrinter (no printer of that name), Failed (the server refused, with its message).
int print_pdf_file(const std::filesystem::path& pdf, const std::string& printer, const std::string& server = {},
                   std::string_view tag = {});

// The same for PDF bytes in memory: they go through a private temporary file (0600) that is
// removed once CUPS has the job.
int print_pdf(std::string_view pdf_bytes, const std::string& printer, const std::string& server = {},
              std::string_view tag = {});

}  // namespace hc::handout

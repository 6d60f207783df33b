// The Store's own parts: choosing the backend at open, the write transaction guard, and what the
// backend answers directly (location, notes, checkpoints, leases).
#include "db/internal.h"

namespace hc::db {

bool is_server_uri(std::string_view location) {
    return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

Store Store::open(const std::string& location, OpenOptions options) {
    auto impl = std::make_unique<Impl>();
    impl->backend = is_server_uri(location) ? open_postgres_backend(location, options)
                                            : open_sqlite_backend(location, options);
    return Store(std::move(impl));
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

WriteTransaction::WriteTransaction(Store::Impl& s) : s_(s) {
    s_.backend->require_writable();
    nested_ = s_.tx_depth > 0;
    if (!nested_) s_.backend->begin_write();
    ++s_.tx_depth;
    open_ = true;
}

WriteTransaction::~WriteTransaction() {
    if (!open_) return;
    --s_.tx_depth;
    // A nested one that did not complete leaves the rollback to the outermost, which sees the
    // same exception on its way out.
    if (!nested_) s_.backend->rollback_write();
}

void WriteTransaction::commit() {
    if (!nested_) s_.backend->commit_write();  // throws: still open, the destructor rolls back
    open_ = false;
    --s_.tx_depth;
}

void Store::in_one_transaction(const std::function<void()>& work) {
    WriteTransaction tx(*impl_);
    work();
    tx.commit();
}

const std::string& Store::location() const { return impl_->backend->location(); }
bool Store::shared() const { return impl_->backend->shared(); }
bool Store::already_open_elsewhere() const { return impl_->backend->already_open_elsewhere(); }
const std::vector<std::string>& Store::notes() const { return impl_->backend->notes(); }
bool Store::read_only() const { return impl_->backend->read_only(); }
int Store::schema_version() const { return impl_->backend->schema_version(); }
std::string Store::integrity_check() const { return impl_->backend->integrity_check(); }
bool Store::checkpoint() { return impl_->backend->checkpoint(); }
bool Store::checkpoint_due() const { return impl_->backend->checkpoint_due(); }

std::optional<Lease> Store::lease_of(ConsultationId id) const { return impl_->backend->lease_of(id); }
Lease Store::take_lease(ConsultationId id, const std::string& room, const std::string& clinician, bool take_over) {
    check_text(room, "The room's name", 100, true);
    check_text(clinician, "The clinician's name", 200, true);
    return impl_->backend->take_lease(id, room, clinician, take_over);
}
void Store::release_lease(ConsultationId id) noexcept { impl_->backend->release_lease(id); }
std::unique_ptr<ChangeFeed> Store::open_change_feed() { return impl_->backend->open_change_feed(); }

bool StoreCheck::ok() const {
    if (integrity != "ok") return false;
    for (const auto& g : guarantees)
        if (!g.holds) return false;
    return true;
}

StoreCheck Store::check() {
    auto& b = *impl_->backend;
    StoreCheck c;
    c.location = b.location();
    c.kind = b.kind();
    c.schema_version = b.schema_version();
    c.latest_schema_version = b.latest_schema_version();
    c.integrity = b.integrity_check();
    c.guarantees = b.guarantees();
    return c;
}

}  // namespace hc::db

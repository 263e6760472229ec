// Storage's API speaks in DatabaseLayer's types (`Database`, `DatabaseError`), so importing
// Storage brings them along; the database layer itself stays usable without the domain.
@_exported import DatabaseLayer

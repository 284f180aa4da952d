import Foundation

/// The database's schema, as numbered steps applied in order and recorded in
/// `skillshell_migrations`. A step is never edited once released; a change is a new step.
enum Migrations {
    struct Step: Sendable {
        var version: Int
        var name: String
        var statements: [String]
    }

    static let steps: [Step] = [
        Step(
            version: 1, name: "records",
            statements: [
                """
                CREATE TABLE users (
                    id text PRIMARY KEY,
                    credits double precision NOT NULL,
                    frozen double precision NOT NULL DEFAULT 0,
                    anonymous boolean NOT NULL DEFAULT false
                )
                """,
                "CREATE TABLE sessions (id text PRIMARY KEY, user_id text NOT NULL, record jsonb NOT NULL)",
                "CREATE INDEX sessions_by_user ON sessions (user_id)",
                "CREATE TABLE media (hash text PRIMARY KEY, record jsonb NOT NULL)",
                """
                CREATE TABLE renders (
                    id text PRIMARY KEY,
                    session_id text NOT NULL,
                    status text NOT NULL,
                    record jsonb NOT NULL,
                    updated_at timestamptz NOT NULL DEFAULT now()
                )
                """,
                "CREATE INDEX renders_by_session ON renders (session_id)",
                "CREATE INDEX renders_unfinished ON renders (status) WHERE status IN ('pending', 'processing')",
                "CREATE TABLE tokens (digest text PRIMARY KEY, expires_at timestamptz NOT NULL, record jsonb NOT NULL)",
                "CREATE TABLE claims (digest text PRIMARY KEY, expires_at timestamptz NOT NULL, record jsonb NOT NULL)",
                "CREATE TABLE clients (digest text PRIMARY KEY, issued_at timestamptz NOT NULL, record jsonb NOT NULL)",
            ])
    ]

    /// The newest version this program knows.
    static var latest: Int { steps.map(\.version).max() ?? 0 }
}

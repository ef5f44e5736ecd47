#include "server/store/migrator.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/store/connection_pool.h"
#include "server/store/transaction.h"
#include "tests/store/store_test_util.h"
#include "tests/support/test_database.h"

namespace huikuan::store {
namespace {

using ::huikuan::store::testing::DumpSchema;
using ::huikuan::store::testing::Exec;
using ::huikuan::store::testing::QueryInt;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// A scratch directory of migration files, removed afterwards.
class MigrationDir {
 public:
  explicit MigrationDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() /
              absl::StrCat("huikuan_", name, "_", ::testing::UnitTest::GetInstance()->random_seed(),
                           "_", reinterpret_cast<uintptr_t>(this))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~MigrationDir() { std::filesystem::remove_all(path_); }

  MigrationDir& Add(const std::string& file, const std::string& content) {
    std::ofstream(path_ / file) << content;
    return *this;
  }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

// Three migrations exercising multi-statement files, comments and data.
void AddSampleMigrations(MigrationDir& dir) {
  dir.Add("0001_create_widgets.up.sql",
          "-- widgets: the first table\n"
          "CREATE TABLE widgets (\n"
          "  id BIGINT NOT NULL PRIMARY KEY,\n"
          "  name VARCHAR(64) NOT NULL\n"
          ") ENGINE=InnoDB;\n")
      .Add("0001_create_widgets.down.sql", "DROP TABLE widgets;\n")
      .Add("0002_widget_color.up.sql",
           "ALTER TABLE widgets ADD COLUMN color VARCHAR(16) NULL;\n"
           "-- a comment between statements; with a semicolon;\n"
           "CREATE INDEX widgets_color ON widgets (color);\n")
      .Add("0002_widget_color.down.sql",
           "DROP INDEX widgets_color ON widgets;\nALTER TABLE widgets DROP COLUMN color;\n")
      .Add("0010_seed_widget.up.sql",
           "INSERT INTO widgets (id, name, color)\n  VALUES (1, 'first', 'red');\n")
      .Add("0010_seed_widget.down.sql", "DELETE FROM widgets WHERE id = 1;\n")
      .Add("README.md", "not a migration");
}

class MigratorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = huikuan::testing::TestDatabase::Create(
        absl::StrCat("store_migr_",
                     ::testing::UnitTest::GetInstance()->current_test_info()->line()),
        /*migrate=*/false);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
  }
  ConnectionPool& pool() { return db_->pool(); }

  // Tables the migrations made (the migrator's own bookkeeping tables are not counted).
  int64_t TableCount() {
    absl::StatusOr<int64_t> count =
        QueryInt(pool(),
                 "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                 "AND TABLE_NAME NOT IN ('schema_migrations', 'schema_migrations_lock')");
    EXPECT_TRUE(count.ok()) << count.status();
    return count.value_or(-1);
  }

  std::unique_ptr<huikuan::testing::TestDatabase> db_;
};

TEST(MigrationLockNameTest, PerDatabaseAndAtMost64Characters) {
  EXPECT_EQ(MigrationLockName("huikuan"), "huikuan.migrate.huikuan");
  EXPECT_NE(MigrationLockName("a"), MigrationLockName("b"));
  const std::string long_a(64, 'a');
  const std::string long_b = std::string(63, 'a') + "b";
  EXPECT_LE(MigrationLockName(long_a).size(), 64u);
  EXPECT_NE(MigrationLockName(long_a), MigrationLockName(long_b));
}

TEST(LoadMigrationsTest, ReadsPairsSortedByVersion) {
  MigrationDir dir("load_ok");
  AddSampleMigrations(dir);
  auto migrations = LoadMigrations(dir.path());
  ASSERT_TRUE(migrations.ok()) << migrations.status();
  ASSERT_EQ(migrations->size(), 3u);
  EXPECT_EQ((*migrations)[0].version, 1);
  EXPECT_EQ((*migrations)[0].name, "0001_create_widgets");
  EXPECT_EQ((*migrations)[1].version, 2);
  EXPECT_EQ((*migrations)[2].version, 10);
  EXPECT_EQ((*migrations)[2].name, "0010_seed_widget");
  EXPECT_THAT((*migrations)[0].down_sql, HasSubstr("DROP TABLE widgets"));
}

TEST(LoadMigrationsTest, MissingHalfIsInvalidArgument) {
  MigrationDir dir("load_half");
  dir.Add("0001_a.up.sql", "SELECT 1;").Add("0001_a.down.sql", "SELECT 1;");
  dir.Add("0002_b.up.sql", "SELECT 1;");
  auto migrations = LoadMigrations(dir.path());
  EXPECT_EQ(migrations.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(migrations.status().message()), HasSubstr("0002_b"));
}

TEST(LoadMigrationsTest, DuplicateVersionIsInvalidArgument) {
  MigrationDir dir("load_dup");
  dir.Add("0001_a.up.sql", "SELECT 1;").Add("0001_a.down.sql", "SELECT 1;");
  dir.Add("001_b.up.sql", "SELECT 1;").Add("001_b.down.sql", "SELECT 1;");
  auto migrations = LoadMigrations(dir.path());
  EXPECT_EQ(migrations.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(migrations.status().message()), HasSubstr("duplicate"));
}

TEST(LoadMigrationsTest, MalformedNameIsInvalidArgument) {
  for (const char* file : {"create.up.sql", "x1_a.up.sql", "0001_a.sql", "0001_.up.sql"}) {
    MigrationDir dir("load_bad");
    dir.Add(file, "SELECT 1;");
    EXPECT_EQ(LoadMigrations(dir.path()).status().code(), absl::StatusCode::kInvalidArgument)
        << file;
  }
}

TEST(LoadMigrationsTest, MissingDirectoryIsNotFound) {
  EXPECT_EQ(LoadMigrations("/nonexistent/huikuan/migrations").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(MigratorTest, UpDownUpWithScratchMigrations) {
  MigrationDir dir("updown");
  AddSampleMigrations(dir);
  auto migrations = LoadMigrations(dir.path());
  ASSERT_TRUE(migrations.ok()) << migrations.status();
  Migrator migrator(pool(), *migrations);

  auto state = migrator.State();
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(state->current_version, 0);
  EXPECT_FALSE(state->dirty);
  EXPECT_THAT(state->pending, ElementsAre(1, 2, 10));

  ASSERT_TRUE(migrator.Up(2).ok());
  state = migrator.State();
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(state->current_version, 2);
  EXPECT_THAT(state->pending, ElementsAre(10));

  ASSERT_TRUE(migrator.Up().ok());
  EXPECT_EQ(*QueryInt(pool(), "SELECT COUNT(*) FROM widgets WHERE color = 'red'"), 1);
  auto before = DumpSchema(pool());
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_THAT(*before, HasSubstr("widgets_color"));

  ASSERT_TRUE(migrator.Down(1).ok());
  EXPECT_EQ(migrator.State()->current_version, 2);
  EXPECT_EQ(*QueryInt(pool(), "SELECT COUNT(*) FROM widgets"), 0);

  ASSERT_TRUE(migrator.Down(-1).ok());
  state = migrator.State();
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(state->current_version, 0);
  EXPECT_FALSE(state->dirty);
  EXPECT_EQ(TableCount(), 0);

  ASSERT_TRUE(migrator.Up().ok());
  auto after = DumpSchema(pool());
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(*before, *after);
  EXPECT_THAT(migrator.State()->pending, IsEmpty());
}

// The project's own migrations (whatever is in migrations/ now): up, all the way down, up again,
// and the schema is the same both times.
TEST_F(MigratorTest, RealMigrationsUpDownUpGiveTheSameSchema) {
  const char* dir = std::getenv("HUIKUAN_MIGRATIONS_DIR");
  ASSERT_NE(dir, nullptr) << "HUIKUAN_MIGRATIONS_DIR is not set";
  auto migrations = LoadMigrations(dir);
  ASSERT_TRUE(migrations.ok()) << migrations.status();
  Migrator migrator(pool(), *migrations);

  absl::Status up = migrator.Up();
  ASSERT_TRUE(up.ok()) << up;
  auto state = migrator.State();
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_FALSE(state->dirty);
  EXPECT_THAT(state->pending, IsEmpty());
  if (!migrations->empty()) {
    EXPECT_EQ(state->current_version, migrations->back().version);
  }
  auto first = DumpSchema(pool());
  ASSERT_TRUE(first.ok()) << first.status();

  absl::Status down = migrator.Down(-1);
  ASSERT_TRUE(down.ok()) << down;
  EXPECT_EQ(migrator.State()->current_version, 0);
  EXPECT_EQ(TableCount(), 0) << "a down migration left a table behind";
  EXPECT_EQ(*QueryInt(pool(),
                      "SELECT COUNT(*) FROM information_schema.TRIGGERS "
                      "WHERE TRIGGER_SCHEMA = DATABASE()"),
            0);

  up = migrator.Up();
  ASSERT_TRUE(up.ok()) << up;
  auto second = DumpSchema(pool());
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*first, *second);
}

TEST_F(MigratorTest, FailedMigrationLeavesDirtyUntilForced) {
  MigrationDir dir("dirty");
  dir.Add("0001_a.up.sql", "CREATE TABLE a (id BIGINT PRIMARY KEY);")
      .Add("0001_a.down.sql", "DROP TABLE a;")
      .Add("0002_b.up.sql",
           "CREATE TABLE b (id BIGINT PRIMARY KEY);\n\nCREATE TABLE secret_name (;\n")
      .Add("0002_b.down.sql", "DROP TABLE b;");
  auto migrations = LoadMigrations(dir.path());
  ASSERT_TRUE(migrations.ok()) << migrations.status();
  Migrator migrator(pool(), *migrations);

  absl::Status up = migrator.Up();
  EXPECT_EQ(up.code(), absl::StatusCode::kInternal) << up;
  EXPECT_THAT(std::string(up.message()), HasSubstr("0002_b.up.sql line 3"));
  EXPECT_THAT(std::string(up.message()), HasSubstr("1064"));
  EXPECT_THAT(std::string(up.message()), ::testing::Not(HasSubstr("secret_name")));

  auto state = migrator.State();
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(state->current_version, 2);
  EXPECT_TRUE(state->dirty);
  EXPECT_EQ(migrator.Up().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(migrator.Down(1).code(), absl::StatusCode::kFailedPrecondition);

  // The operator undoes the half-applied file and forces the version before it.
  ASSERT_TRUE(Exec(pool(), "DROP TABLE b").ok());
  EXPECT_EQ(migrator.Force(7).code(), absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(migrator.Force(1).ok());
  state = migrator.State();
  EXPECT_EQ(state->current_version, 1);
  EXPECT_FALSE(state->dirty);
  EXPECT_THAT(state->pending, ElementsAre(2));

  // With the file fixed, Up continues from there.
  dir.Add("0002_b.up.sql", "CREATE TABLE b (id BIGINT PRIMARY KEY);\n");
  auto fixed = LoadMigrations(dir.path());
  ASSERT_TRUE(fixed.ok()) << fixed.status();
  Migrator fixed_migrator(pool(), *fixed);
  ASSERT_TRUE(fixed_migrator.Up().ok());
  EXPECT_EQ(fixed_migrator.State()->current_version, 2);
  EXPECT_EQ(TableCount(), 2);
}

TEST_F(MigratorTest, LockHeldElsewhereIsAborted) {
  MigrationDir dir("lock");
  AddSampleMigrations(dir);
  auto migrations = LoadMigrations(dir.path());
  ASSERT_TRUE(migrations.ok()) << migrations.status();

  // Another "replica" holds the migration lock on its own connection.
  auto other = pool().Acquire();
  ASSERT_TRUE(other.ok()) << other.status();
  const std::string lock_name = MigrationLockName(pool().config().database);
  {
    sql::PreparedStatement& get = other->Prepare("SELECT GET_LOCK(?, 0)");
    get.setString(1, lock_name);
    std::unique_ptr<sql::ResultSet> rows(get.executeQuery());
    ASSERT_TRUE(rows->next());
    ASSERT_EQ(rows->getInt(1), 1);
  }

  Migrator migrator(pool(), *migrations);
  migrator.set_lock_timeout(absl::Milliseconds(500));
  EXPECT_EQ(migrator.Up().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(migrator.State()->current_version, 0);  // State needs no lock

  {
    sql::PreparedStatement& release = other->Prepare("SELECT RELEASE_LOCK(?)");
    release.setString(1, lock_name);
    std::unique_ptr<sql::ResultSet> rows(release.executeQuery());
  }
  EXPECT_TRUE(migrator.Up().ok());
  EXPECT_EQ(migrator.State()->current_version, 10);
}

}  // namespace
}  // namespace huikuan::store

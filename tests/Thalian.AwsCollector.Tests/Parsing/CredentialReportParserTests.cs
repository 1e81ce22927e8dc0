using Thalian.AwsCollector.AwsApi;
using Thalian.AwsCollector.Iam;

namespace Thalian.AwsCollector.Tests.Parsing;

public sealed class CredentialReportParserTests
{
    private const string Header = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active," +
        "access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service," +
        "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service," +
        "cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

    [Fact]
    public void Special_tokens_become_nulls_and_the_root_row_is_kept()
    {
        var report = CredentialReportParser.Parse(Header + "\n" +
            "<root_account>,arn:aws:iam::111:root,2014-09-01T22:28:48+00:00,not_supported,2024-01-02T03:04:05+00:00,not_supported,not_supported,TRUE,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n" +
            "svc,arn:aws:iam::111:user/svc,2020-01-01T00:00:00.123456Z,false,N/A,N/A,N/A,false,true,2020-01-01T00:00:00+00:00,N/A,N/A,N/A,true,2021-01-01T00:00:00+00:00,2022-05-01T10:00:00+00:00,N/A,s3,false,N/A,false,N/A\n" +
            "new,arn:aws:iam::111:user/new,2020-01-01T00:00:00+00:00,true,no_information,2020-01-01T00:00:00+00:00,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n");

        var root = report.Rows[ParsedCredentialReport.RootUser];
        Assert.Null(root.PasswordEnabled);
        Assert.Null(root.PasswordLastChanged);
        Assert.True(root.MfaActive);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), root.PasswordLastUsed);
        var svc = report.Rows["svc"];
        Assert.Equal(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1234560), svc.UserCreationTime);
        Assert.Null(svc.AccessKey1.LastUsedDate);
        Assert.Equal(("s3", (string?)null), (svc.AccessKey2.LastUsedService, svc.AccessKey2.LastUsedRegion));
        Assert.Null(report.Rows["new"].PasswordLastUsed);
        Assert.True(report.Rows["new"].PasswordEnabled);
        Assert.Empty(report.Problems);
    }

    [Fact]
    public void Columns_are_read_by_name_in_any_order_with_extra_columns()
    {
        var report = CredentialReportParser.Parse("mfa_active,extra,access_key_2_active,user,arn,password_enabled,access_key_1_active\ntrue,x,false,a,arn:aws:iam::1:user/a,false,true\n");

        Assert.True(report.Rows["a"].MfaActive);
        Assert.True(report.Rows["a"].AccessKey1.Active);
    }

    [Fact]
    public void An_unknown_value_is_recorded_as_a_problem_on_that_user()
    {
        var report = CredentialReportParser.Parse(Header + "\nodd,arn:aws:iam::1:user/odd,yesterday,maybe,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n");

        Assert.Equal(2, report.Problems["odd"].Count);
        Assert.Contains(report.Problems["odd"], p => p.Field == "password_enabled" && p.Problem.Contains("password_enabled = 'maybe'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_row_joins_its_user_by_arn_and_creation_time_not_by_name_alone()
    {
        var report = CredentialReportParser.Parse(Header + "\n" +
            "bob,arn:aws:iam::1:user/bob,2020-01-01T00:00:00+00:00,true,N/A,N/A,N/A,false,true,2020-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n");
        var created = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.True(report.TryGetRow("bob", "arn:aws:iam::1:user/bob", created, out var same, out _));
        Assert.True(same!.AccessKey1.Active);
        Assert.False(report.TryGetRow("bob", "arn:aws:iam::1:user/bob", created.AddDays(400), out var recreated, out _), "re-created under the same name");
        Assert.Null(recreated);
        Assert.False(report.TryGetRow("bob", "arn:aws:iam::1:user/team/bob", created, out _, out _), "another path, another user");
        Assert.True(report.TryGetRow("bob", "arn:aws:iam::1:user/bob", created.AddMilliseconds(400), out _, out _), "GAAD and the report round differently");
    }

    [Fact]
    public void Problems_of_an_earlier_user_of_the_same_name_are_not_inherited()
    {
        var report = CredentialReportParser.Parse(Header + "\nodd,arn:aws:iam::1:user/odd,2020-01-01T00:00:00+00:00,maybe,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n");
        Assert.False(report.TryGetRow("odd", "arn:aws:iam::1:user/odd", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), out _, out var problems));
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("")]
    [InlineData("user,arn\nalice,arn:aws:iam::1:user/alice\n")]
    [InlineData(Header + "\nalice,arn:aws:iam::1:user/alice,true\n")]
    [InlineData(Header + "\n\"alice,arn:aws:iam::1:user/alice,2020,true,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n")]
    public void A_broken_report_is_malformed_not_empty(string csv) =>
        Assert.Throws<AwsMalformedResponseException>(() => CredentialReportParser.Parse(csv));
}

using System.Globalization;
using CsvHelper;
using Thalian.Contracts.Aws;
using Thalian.AwsCollector.AwsApi;

namespace Thalian.AwsCollector.Iam;

/// <summary>One parsed report: rows by user name (root under <see cref="RootUser"/>), their ARNs and per-row problems.</summary>
public sealed record ParsedCredentialReport(
    IReadOnlyDictionary<string, CredentialReportRow> Rows,
    IReadOnlyDictionary<string, string> Arns,
    IReadOnlyDictionary<string, IReadOnlyList<DataProblem>> Problems)
{
    public const string RootUser = "<root_account>";

    /// <summary>
    /// This user's row, joined by ARN and creation time: a user deleted and re-created under the same name has the
    /// same ARN, and a report generated before the re-creation still describes the old user.
    /// </summary>
    public bool TryGetRow(string userName, string arn, DateTimeOffset? createdAt, out CredentialReportRow? row, out IReadOnlyList<DataProblem> problems)
    {
        row = null;
        problems = [];
        if (!Rows.TryGetValue(userName, out var candidate) || !string.Equals(Arns.GetValueOrDefault(userName), arn, StringComparison.Ordinal))
        {
            return false;
        }
        if (createdAt is { } created && candidate.UserCreationTime is { } reported && Math.Abs((created - reported).TotalSeconds) >= 1)
        {
            return false;
        }
        row = candidate;
        problems = Problems.GetValueOrDefault(userName) ?? [];
        return true;
    }
}

/// <summary>
/// Reads the credential report CSV by header name (extra columns tolerated). N/A, no_information and not_supported
/// become null; a value that is none of the known forms is recorded as a problem on that user, never guessed.
/// </summary>
public static class CredentialReportParser
{
    private static readonly string[] RequiredHeaders = ["user", "arn", "password_enabled", "mfa_active", "access_key_1_active", "access_key_2_active"];

    public static ParsedCredentialReport Parse(string csv)
    {
        try
        {
            return Read(csv);
        }
        catch (CsvFormatException e)
        {
            throw new AwsMalformedResponseException("iam:GetCredentialReport", $"the credential report CSV is malformed: {e.Message}", e);
        }
    }

    private static ParsedCredentialReport Read(string csv)
    {
        var options = new CsvReaderOptions
        {
            HasHeader = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Throw,
            MissingField = CsvMissingFieldHandling.Throw,
            TrimWhitespace = true,
        };
        using var reader = CsvReader.FromText(csv, options);
        var headers = reader.Headers.ToHashSet(StringComparer.Ordinal);
        var missing = RequiredHeaders.Where(h => !headers.Contains(h)).ToList();
        if (missing.Count > 0)
        {
            throw new AwsMalformedResponseException("iam:GetCredentialReport",
                headers.Count == 0 ? "the credential report is empty" : $"the credential report lacks the column(s) {string.Join(", ", missing)}");
        }
        var rows = new Dictionary<string, CredentialReportRow>(StringComparer.Ordinal);
        var arns = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new Dictionary<string, IReadOnlyList<DataProblem>>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var user = reader.GetString("user");
            if (string.IsNullOrEmpty(user))
            {
                throw new AwsMalformedResponseException("iam:GetCredentialReport", $"a row (line {reader.LineNumber}) has no user name");
            }
            var row = new RowReader(reader, headers);
            rows[user] = row.Read();
            arns[user] = reader.GetString("arn") ?? "";
            if (row.Problems.Count > 0)
            {
                problems[user] = row.Problems;
            }
        }
        return new ParsedCredentialReport(rows, arns, problems);
    }

    private sealed class RowReader(CsvReader csv, HashSet<string> headers)
    {
        public List<DataProblem> Problems { get; } = [];

        public CredentialReportRow Read() => new()
        {
            PasswordEnabled = Bool("password_enabled"),
            PasswordLastUsed = Time("password_last_used"),
            PasswordLastChanged = Time("password_last_changed"),
            MfaActive = Bool("mfa_active") ?? false,
            UserCreationTime = Time("user_creation_time"),
            AccessKey1 = Key(1),
            AccessKey2 = Key(2),
        };

        private AccessKeyUsage Key(int n) => new()
        {
            Active = Bool($"access_key_{n}_active") ?? false,
            LastRotated = Time($"access_key_{n}_last_rotated"),
            LastUsedDate = Time($"access_key_{n}_last_used_date"),
            LastUsedRegion = Text($"access_key_{n}_last_used_region"),
            LastUsedService = Text($"access_key_{n}_last_used_service"),
        };

        private string? Text(string column)
        {
            var value = headers.Contains(column) ? csv.GetString(column) : null;
            return value is null or "" or "N/A" or "no_information" or "not_supported" ? null : value;
        }

        private bool? Bool(string column) => Text(column) switch
        {
            null => null,
            var v when v.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
            var v when v.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
            var v => Problem<bool?>(column, v),
        };

        private DateTimeOffset? Time(string column) => Text(column) switch
        {
            null => null,
            var v when AwsTime.TryParse(v, out var t) => t,
            var v => Problem<DateTimeOffset?>(column, v),
        };

        private T? Problem<T>(string column, string value)
        {
            Problems.Add(new(DataParts.CredentialReport, column, $"credential report {column} = '{value}' is not a recognised value"));
            return default;
        }
    }
}

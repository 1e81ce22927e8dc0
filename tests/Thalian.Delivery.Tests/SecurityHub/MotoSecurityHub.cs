using System.Diagnostics;
using System.Text.Json;
using Thalian.Testing;

namespace Thalian.Delivery.Tests.SecurityHub;

/// <summary>
/// moto on a free port with signature and IAM permission checks on after the seeding: an IAM user whose key may only
/// import findings and assume roles. Findings are read back with boto3 (an independent client), not with ours.
/// </summary>
public sealed class MotoSecurityHub : IAsyncLifetime
{
    private const string Seed = """
        import boto3, json, sys
        iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="seed", aws_secret_access_key="seed")
        iam.create_user(UserName="thalian-delivery")
        iam.put_user_policy(UserName="thalian-delivery", PolicyName="import", PolicyDocument=json.dumps({"Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": ["securityhub:BatchImportFindings", "securityhub:GetFindings", "sts:AssumeRole"], "Resource": "*"}]}))
        key = iam.create_access_key(UserName="thalian-delivery")["AccessKey"]
        # A role in a second account (222222222222) that the destination assumes for that account's findings.
        sts = boto3.client("sts", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="seed", aws_secret_access_key="seed")
        other = sts.assume_role(RoleArn="arn:aws:iam::222222222222:role/seed", RoleSessionName="seed")["Credentials"]
        iam2 = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id=other["AccessKeyId"],
            aws_secret_access_key=other["SecretAccessKey"], aws_session_token=other["SessionToken"])
        iam2.create_role(RoleName="ThalianSecurityHub", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "thalian-ext"}}}]}))
        iam2.put_role_policy(RoleName="ThalianSecurityHub", PolicyName="import", PolicyDocument=json.dumps({"Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": ["securityhub:BatchImportFindings", "securityhub:GetFindings"], "Resource": "*"}]}))
        print(json.dumps({"accessKeyId": key["AccessKeyId"], "secretAccessKey": key["SecretAccessKey"]}))
        """;

    private const string Read = """
        import boto3, json, sys
        hub = boto3.client("securityhub", endpoint_url=sys.argv[1], region_name=sys.argv[2], aws_access_key_id=sys.argv[3], aws_secret_access_key=sys.argv[4],
            aws_session_token=(sys.argv[5] or None))
        found = [f for page in hub.get_paginator("get_findings").paginate(PaginationConfig={"PageSize": 100}) for f in page["Findings"]]
        print(json.dumps(found))
        """;

    private Process? process;

    public Uri Endpoint { get; private set; } = null!;
    public string AccessKeyId { get; private set; } = "";
    public string SecretAccessKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var port = FreePorts.Tcp();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The seeding's six calls run unauthenticated; every later request is checked (signature and IAM policy).
        start.Environment["INITIAL_NO_AUTH_ACTION_COUNT"] = "6";
        process = Process.Start(start) ?? throw new InvalidOperationException("python3 -m moto.server did not start; is moto installed (pip install \"moto[server]\")?");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient();
        await Eventually.True(async () =>
        {
            try
            {
                using var response = await http.GetAsync(new Uri(Endpoint, "moto-api/"));
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "moto to listen");
        using var key = JsonDocument.Parse(await PythonAsync(Seed, Endpoint.ToString()));
        AccessKeyId = key.RootElement.GetProperty("accessKeyId").GetString()!;
        SecretAccessKey = key.RootElement.GetProperty("secretAccessKey").GetString()!;
    }

    /// <summary>GetFindings through boto3 with the given credentials (they pick the account) in a region.</summary>
    public async Task<IReadOnlyList<JsonElement>> FindingsAsync(string region, string accessKeyId, string secretAccessKey, string? sessionToken = null)
    {
        var json = await PythonAsync(Read, Endpoint.ToString(), region, accessKeyId, secretAccessKey, sessionToken ?? "");
        return [.. JsonDocument.Parse(json).RootElement.EnumerateArray().Select(f => f.Clone())];
    }

    public Task<IReadOnlyList<JsonElement>> FindingsAsync(string region) => FindingsAsync(region, AccessKeyId, SecretAccessKey);

    public Task DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        process?.Dispose();
        return Task.CompletedTask;
    }

    private static async Task<string> PythonAsync(string script, params string[] args)
    {
        var start = new ProcessStartInfo("python3", ["-c", script, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var run = Process.Start(start) ?? throw new InvalidOperationException("python3 is not on PATH; the moto tests need it.");
        var output = run.StandardOutput.ReadToEndAsync();
        var errors = run.StandardError.ReadToEndAsync();
        await run.WaitForExitAsync();
        return run.ExitCode == 0 ? await output : throw new InvalidOperationException($"python3 failed: {await errors}");
    }

}

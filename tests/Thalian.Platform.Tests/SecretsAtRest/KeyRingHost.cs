using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Thalian.ServiceDefaults.Secrets;

namespace Thalian.Platform.Tests.SecretsAtRest;

/// <summary>A host with nothing but the services' secret protection, on one schema of the isolated database.</summary>
internal static class KeyRingHost
{
    public static async Task<IHost> StartAsync(string connectionString, string schema, string environment = "Testing", IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = connectionString,
            ["Thalian:Schema"] = schema,
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddSecretProtection("thalian-key-ring-test", schema);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public static ISecretProtector Protector(this IHost host) => host.Services.GetRequiredService<ISecretProtector>();

    public static Dictionary<string, string?> Certificate(string path) => new() { [KeyRingProtection.CertificateKey] = path };

    /// <summary>pg_dump of one schema, the way an attacker with database access would take it.</summary>
    public static async Task<string> DumpAsync(string connectionString, string schema)
    {
        var c = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo("pg_dump", ["-h", c.Host!, "-p", c.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-U", c.Username!, "-d", c.Database!, "--schema", schema, "--no-owner"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PGPASSWORD"] = c.Password;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("pg_dump did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"pg_dump failed: {await error}");
        return await output;
    }

    /// <summary>The key-ring rows of a dump (COPY text format), restored into another schema.</summary>
    public static async Task RestoreKeyRingAsync(string dump, string connectionString, string fromSchema, string toSchema)
    {
        var lines = dump.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith($"COPY {fromSchema}.data_protection_keys", StringComparison.Ordinal));
        Assert.True(start >= 0, "the dump holds the key ring");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand($"create schema \"{toSchema}\"; create table \"{toSchema}\".data_protection_keys (name text primary key, xml text not null)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }
        foreach (var line in lines.Skip(start + 1).TakeWhile(l => l != "\\."))
        {
            var fields = line.Split('\t').Select(f => f.Replace("\\\\", "\\", StringComparison.Ordinal)).ToArray();
            await using var insert = new NpgsqlCommand($"insert into \"{toSchema}\".data_protection_keys (name, xml) values (@n, @x)", connection);
            insert.Parameters.AddWithValue("n", fields[0]);
            insert.Parameters.AddWithValue("x", fields[1]);
            await insert.ExecuteNonQueryAsync();
        }
    }
}

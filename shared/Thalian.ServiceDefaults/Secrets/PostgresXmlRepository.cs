using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Thalian.ServiceDefaults.Secrets;

/// <summary>Data Protection key ring in PostgreSQL, so every replica of a service decrypts the same secrets.</summary>
internal sealed class PostgresXmlRepository(string connectionString, string schema) : IXmlRepository
{
    private string Table => $"\"{schema}\".data_protection_keys";

    public IReadOnlyCollection<XElement> GetAllElements() => [.. GetNamedElements().Select(e => e.Element)];

    public IReadOnlyList<(string Name, XElement Element)> GetNamedElements()
    {
        using var connection = Open();
        using var command = new NpgsqlCommand($"select name, xml from {Table}", connection);
        using var reader = command.ExecuteReader();
        var elements = new List<(string, XElement)>();
        while (reader.Read())
        {
            elements.Add((reader.GetString(0), XElement.Parse(reader.GetString(1))));
        }
        return elements;
    }

    public void ReplaceElement(string friendlyName, XElement element)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand($"update {Table} set xml = @xml where name = @name", connection);
        command.Parameters.AddWithValue("name", friendlyName);
        command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand($"insert into {Table} (name, xml) values (@name, @xml) on conflict (name) do nothing", connection);
        command.Parameters.AddWithValue("name", friendlyName);
        command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }

    private NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        // Only a missing schema is created: with its own database role (deploy/database-roles.md) a service owns its schema
        // but may not create schemas, and "create schema if not exists" checks that right even when the schema exists.
        using var exists = new NpgsqlCommand("select exists (select 1 from pg_namespace where nspname = @schema)", connection);
        exists.Parameters.AddWithValue("schema", schema);
        var createSchema = exists.ExecuteScalar() is true ? "" : $"create schema if not exists \"{schema}\"; ";
        using var create = new NpgsqlCommand($"{createSchema}create table if not exists {Table} (name text primary key, xml text not null)", connection);
        create.ExecuteNonQuery();
        return connection;
    }
}

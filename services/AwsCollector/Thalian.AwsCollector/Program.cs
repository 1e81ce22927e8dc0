using MassTransit;
using Thalian.AwsCollector;
using Thalian.AwsCollector.ConnectingAccounts;
using Thalian.AwsCollector.Organizations;
using Thalian.ServiceDefaults;
using Thalian.ServiceDefaults.Auth;
using Thalian.ServiceDefaults.Outbox;
using Thalian.ServiceDefaults.Secrets;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayTrust();
builder.AddThalianMarten("aws_collector", AwsCollectorSetup.ConfigureDocuments).AddOutbox(builder.Configuration);
builder.AddSecretProtection("thalian-aws-collector", "aws_collector");
builder.AddThalianMessaging("aws-collector", bus => bus.AddConsumers(typeof(Program).Assembly));
builder.AddAwsCollector();

var app = builder.Build();
app.UseServiceDefaults();
app.MapAwsConnections();
app.MapAwsOrganizations();
app.Run();

public partial class Program;

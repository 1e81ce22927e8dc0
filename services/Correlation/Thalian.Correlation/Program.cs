using MassTransit;
using Thalian.Correlation;
using Thalian.ServiceDefaults;
using Thalian.ServiceDefaults.Auth;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayTrust();
builder.AddCorrelationStore();
builder.AddThalianMessaging("correlation", bus => bus.AddConsumers(typeof(Program).Assembly));

var app = builder.Build();
app.UseServiceDefaults();
app.MapIdentityEndpoints();
app.Run();

public partial class Program;

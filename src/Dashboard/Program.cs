using Hotswap.Dashboard;
using Hotswap.Dashboard.Auth;

if (args is ["hash-password", var password])
{
    Console.WriteLine(OperatorPasswords.Hash(password));
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddDashboard();
var app = builder.Build();
app.MapDashboard();
app.Run();

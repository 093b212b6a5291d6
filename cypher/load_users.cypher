// :param rows => [{userId: 1, age: 24, gender: 'M', occupation: 'technician', zip: '85711'}]
UNWIND $rows AS row
MERGE (u:User {userId: row.userId})
SET u.age = row.age, u.gender = row.gender, u.occupation = row.occupation, u.zip = row.zip
